/** fromProcess and credential_process profiles, with the fixture helper fixtures/credentials/process.mjs. */
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitCommand } from '../../../src/credentials/profile/argv.js';
import { ProcessError } from '../../../src/index.js';
import { fromIni, fromProcess } from '../../../src/node.js';
import { captureError, captureRejection } from '../../support/errors.js';
import { seeded } from '../../support/random.js';
import { python } from '../python.js';

const FIXTURE = resolve(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/credentials/process.mjs');
const NODE = process.execPath;
const SHLEX_OR_ERROR =
  'import json,shlex,sys\n' +
  'def split(c):\n    try: return shlex.split(c)\n    except ValueError: return None\n' +
  'print(json.dumps([split(c) for c in json.loads(sys.argv[1])]))';
const run = (args: string[], extra: object = {}) => fromProcess({ command: [NODE, FIXTURE, ...args], cache: false, env: {}, ...extra });

describe('fromProcess', () => {
  it('reads Version 1 output with a session token and expiry', async () => {
    const creds = await run(['ok'])();
    expect(creds).toMatchObject({ accessKeyId: 'ASIAPROCESSEXAMPLE01', secretAccessKey: 'processSecretEXAMPLE/abc+def', sessionToken: 'process-session-token' });
    expect(creds.expiration?.getTime()).toBeGreaterThan(Date.now());
  });

  it('runs without a shell: quotes group words, and ; $ | > are plain arguments', async () => {
    const command = `"${NODE}" '${FIXTURE}' argv "two words" ; echo $HOME | cat > /tmp/sigv4kit-never`;
    const creds = await fromProcess({ command, cache: false, env: {}, platform: 'linux' })();
    expect(JSON.parse(Buffer.from(creds.sessionToken ?? '', 'base64').toString())).toEqual(['two words', ';', 'echo', '$HOME', '|', 'cat', '>', '/tmp/sigv4kit-never']);
  });

  it('gives the child the injected environment, not the test process environment', async () => {
    expect((await run(['env'], { env: { SIGV4KIT_FIXTURE_KEY: 'AKIAFROMINJECTEDENV1' } })()).accessKeyId).toBe('AKIAFROMINJECTEDENV1');
  });

  it('kills a helper that hangs and reports PROCESS_TIMEOUT', async () => {
    const error = await captureRejection(run(['sleep'], { timeoutMs: 300 }));
    expect(error).toBeInstanceOf(ProcessError);
    expect(error).toMatchObject({ code: 'PROCESS_TIMEOUT' });
  });

  it('a non-zero exit is PROCESS_FAILED with the exit code and the end of stderr', async () => {
    const error = await captureRejection(run(['fail']));
    expect(error).toMatchObject({ code: 'PROCESS_FAILED', exitCode: 3, stderr: expect.stringContaining('SSO session has expired') });
  });

  it.each([
    ['expired', 'CREDENTIALS_EXPIRED'],
    ['version2', 'PROCESS_FAILED'],
    ['flood', 'PROCESS_FAILED'],
  ])('output %s is refused with %s', async (mode, code) => {
    expect(await captureRejection(run([mode], { maxOutputBytes: 64 * 1024 }))).toMatchObject({ code });
  });

  it('expired output names the source, the expiry and the time now (issue 20, item 6)', async () => {
    const error = await captureRejection(run(['expired']));
    expect(error).toMatchObject({ code: 'CREDENTIALS_EXPIRED' });
    const match = /^credential_process returned credentials that expired at (\S+) \(now (\S+)\): the helper must return fresh ones/.exec((error as Error).message);
    expect(match).not.toBeNull();
    // The fixture's Expiration is one hour before it ran.
    expect(Date.now() - Date.parse(match![1]!)).toBeGreaterThan(3_500_000);
    expect(Date.now() - Date.parse(match![1]!)).toBeLessThan(3_700_000);
    expect(Math.abs(Date.now() - Date.parse(match![2]!))).toBeLessThan(60_000);
    expect((error as Error).message).not.toContain('old'); // the session token it printed
  });

  it('a missing program is PROCESS_FAILED', async () => {
    const error = await captureRejection(fromProcess({ command: ['/nonexistent/credential-helper'], cache: false }));
    expect(error).toMatchObject({ code: 'PROCESS_FAILED' });
  });
});

describe('credential_process in a profile', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sigv4kit-process-'));
    await mkdir(join(dir, 'my helpers'));
    await copyFile(FIXTURE, join(dir, 'my helpers', 'creds.mjs')); // a path with a space, quoted in the profile
    await writeFile(
      join(dir, 'config'),
      `[profile proc]\ncredential_process = "${NODE}" "${join(dir, 'my helpers', 'creds.mjs')}" ok\n`,
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('runs the quoted command and returns its credentials', async () => {
    const creds = await fromIni({ profile: 'proc', env: { AWS_CONFIG_FILE: join(dir, 'config'), HOME: dir } })();
    expect(creds.accessKeyId).toBe('ASIAPROCESSEXAMPLE01');
  });
});

describe('splitCommand agrees with Python shlex.split (POSIX rules)', () => {
  const cases = [
    'helper --profile dev',
    `"/opt/my tools/helper" --role 'ci deploy'`,
    `a\\ b "c \\"d\\" e" 'f\\g'`,
    `x "" y '' z`,
    `  leading   and trailing  `,
    `"mixed"'quotes'plain`,
    `back\\\\slash "in \\$dq \\\\ \\n"`,
  ];
  const alphabet = ['a', 'b', ' ', ' ', '"', "'", '\\', '$', ';'];
  const random = Array.from({ length: 400 }, (_, i) => {
    const r = seeded(i + 1);
    return r.array(0, 14, () => r.pick(alphabet)).join('');
  });
  const output = python(SHLEX_OR_ERROR, [JSON.stringify([...cases, ...random])], 'credential_process word splitting against Python shlex');
  const all = output === undefined ? undefined : (JSON.parse(output) as Array<string[] | null>);
  const expected = all?.slice(0, cases.length) ?? [];
  const peer = all?.slice(cases.length) ?? [];

  it.skipIf(all === undefined).each(cases.map((c, i) => [c, expected[i]] as const))('%s', (command, words) => {
    expect(splitCommand(command, 'linux')).toEqual(words);
  });

  it.skipIf(all === undefined)('on 400 seeded random command lines (words, quotes, backslashes)', () => {
    random.forEach((line, i) => {
      const want = peer[i];
      const got = (() => { try { return splitCommand(line, 'linux'); } catch { return null; } })();
      // shlex returns [] for a blank line; we refuse an empty command instead.
      expect(got, JSON.stringify(line)).toEqual(want?.length === 0 ? null : want);
    });
  });

  it('Windows rules keep backslashes in paths', () => {
    expect(splitCommand('"C:\\Program Files\\helper.exe" --x "a \\"q\\""', 'win32')).toEqual(['C:\\Program Files\\helper.exe', '--x', 'a "q"']);
  });

  it('an unterminated quote is a PROCESS_FAILED error', () => {
    expect(captureError(() => splitCommand('helper "open', 'linux'))).toMatchObject({ code: 'PROCESS_FAILED' });
  });
});
