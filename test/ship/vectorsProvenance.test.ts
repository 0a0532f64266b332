/**
 * AWS's vectors in fixtures/aws-vectors are the published files, unchanged: every file matches the
 * SHA-256 recorded in SHA256SUMS when the folder was copied from the collected sources (README.md is
 * ours and not listed), nothing was added or lost, each source folder carries its LICENSE and NOTICE,
 * and the profile-parser files are the very git blobs the README names (their ids recomputed here
 * as git computes them, so that claim is checked against smithy-rs's history, not against us).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/bundle.js';

const DIR = join(ROOT, 'fixtures/aws-vectors');
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [relative(DIR, join(dir, name))]));
const sums = new Map(
  readFileSync(join(DIR, 'SHA256SUMS'), 'utf8').trimEnd().split('\n').map((line) => {
    const [hash, path] = line.split('  ') as [string, string];
    return [path, hash];
  }),
);

describe('fixtures/aws-vectors', () => {
  it('every file is byte-identical to the copy recorded in SHA256SUMS, and the folder holds exactly those files', () => {
    const present = files(DIR).filter((f) => f !== 'README.md' && f !== 'SHA256SUMS').sort();
    expect(present).toEqual([...sums.keys()].sort());
    expect(present.length).toBeGreaterThan(1000);
    const changed = present.filter((f) => createHash('sha256').update(readFileSync(join(DIR, f))).digest('hex') !== sums.get(f));
    expect(changed).toEqual([]);
  });

  it('each source folder has its LICENSE (Apache-2.0) and NOTICE, and the README table names it', () => {
    const readme = readFileSync(join(DIR, 'README.md'), 'utf8');
    for (const folder of ['aws-c-auth', 'botocore-aws4', 'smithy-rs', 'profile-parser', 'extra']) {
      expect(readFileSync(join(DIR, folder, 'LICENSE'), 'utf8'), folder).toMatch(/Apache License\s+Version 2\.0/);
      expect(statSync(join(DIR, folder, 'NOTICE')).size, folder).toBeGreaterThan(0);
      expect(readme, folder).toContain(`| \`${folder}/`);
    }
  });

  it('the profile-parser files are the git blobs the README names', () => {
    const blob = (path: string) => {
      const bytes = readFileSync(join(DIR, path));
      return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
    };
    const readme = readFileSync(join(DIR, 'README.md'), 'utf8');
    const ids = [blob('profile-parser/profile-parser-tests.json'), blob('profile-parser/file-location-tests.json')];
    expect(ids).toEqual(['98dd9064c2e485a18a58fc6a6da10523d71df88a', '81d32cc604acff03dc60c2d5eda8b80c31088cc6']);
    for (const id of ids) expect(readme).toContain(id);
  });
});
