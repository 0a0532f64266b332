/**
 * Every case of the cross-SDK profile-parser suite (smithy-rs test-data, copied into
 * fixtures/aws-vectors/profile-parser), plus the file-location cases.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProfileParseError } from '../../../src/credentials/errors.js';
import { parseProfileFiles, type Profile } from '../../../src/credentials/profile/profileSet.js';
import { trimBlank } from '../../../src/credentials/profile/iniParser.js';
import { trimSpaceTab } from '../../../src/sigv4/request.js';
import { resolveSharedFiles } from '../../../src/credentials/profile/sharedFiles.js';
import { VECTORS_DIR } from '../../support/vectors.js';
import { captureError } from '../../support/errors.js';

interface ParserCase {
  name: string;
  input: { configFile?: string; credentialsFile?: string };
  output: { errorContaining: string } | { config: { profiles: object; sso_sessions?: object } };
}
interface LocationCase {
  name: string;
  environment: Record<string, string>;
  platform: 'linux' | 'windows';
  profile?: string;
  configLocation: string;
  credentialsLocation: string;
}

const DIR = join(VECTORS_DIR, 'profile-parser');
const load = <T>(file: string): T[] => (JSON.parse(readFileSync(join(DIR, file), 'utf8')) as { tests: T[] }).tests;
const plain = (map: ReadonlyMap<string, Profile>): object =>
  Object.fromEntries([...map].map(([name, props]) => [name, Object.fromEntries(props)]));

const parserCases = load<ParserCase>('profile-parser-tests.json');
const locationCases = load<LocationCase>('file-location-tests.json');

describe('profile-parser-tests.json', () => {
  it('has the 65 cases the README announces', () => expect(parserCases).toHaveLength(65));

  it.each(parserCases.map((c, i) => [`#${i + 1} ${c.name}`, c] as const))('%s', (_name, c) => {
    const files = { configFile: c.input.configFile, credentialsFile: c.input.credentialsFile };
    if ('errorContaining' in c.output) {
      const error = captureError(() => parseProfileFiles(files));
      expect(error).toBeInstanceOf(ProfileParseError);
      expect(error).toMatchObject({ code: 'PROFILE_PARSE_ERROR', line: expect.any(Number) });
      expect((error as Error).message).toContain(c.output.errorContaining);
      return;
    }
    const set = parseProfileFiles(files);
    expect(plain(set.profiles)).toEqual(c.output.config.profiles);
    if (c.output.config.sso_sessions !== undefined) expect(plain(set.ssoSessions)).toEqual(c.output.config.sso_sessions);
  });
});

describe('file-location-tests.json', () => {
  it.each(locationCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const where = resolveSharedFiles(c.environment, c.platform === 'windows' ? 'win32' : 'linux');
    expect(where.configPath).toBe(c.configLocation);
    expect(where.credentialsPath).toBe(c.credentialsLocation);
    if (c.profile !== undefined) expect(where.profile).toBe(c.profile);
  });
});

describe('parse errors name the file and line', () => {
  it('reports the 1-based line of the bad property and the file path', () => {
    const error = captureError(() =>
      parseProfileFiles({ configFile: '[profile a]\nx = 1\n\nnot a property\n', configPath: '/tmp/cfg' }),
    );
    expect(error).toMatchObject({ code: 'PROFILE_PARSE_ERROR', file: '/tmp/cfg', line: 4 });
  });
});

describe('blanks inside a line', () => {
  // `/^[ \t]+|[ \t]+$/g` retries the trailing alternative at every blank of a run that does not end the
  // line: quadratic (a 16 KiB run took ~0.5 s; this 1 MiB line kept the old parser busy for minutes).
  it('the parser trims with the request parser\'s linear index scan (its worst cases: test/verify/attack.test.ts)', () => {
    expect(trimBlank).toBe(trimSpaceTab);
  });

  it('a 1 MiB run of spaces and tabs inside a value is kept, and the ends are trimmed', () => {
    const run = ' \t'.repeat(512 * 1024);
    const set = parseProfileFiles({ configFile: `[profile a]\nnote = \t x${run}y \t \n`, configPath: '/tmp/cfg' });
    expect(set.profiles.get('a')?.get('note')).toBe(`x${run}y`);
  });
});
