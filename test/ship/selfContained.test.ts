/**
 * A fresh clone tests itself: nothing in the project points outside the repository, and with the
 * Python peers missing the suites that need them are skipped with one line saying what is missing
 * and how to get it (a failure under CI=true). The second part runs vitest itself on three files
 * whose peers are python3, botocore and moto, with a `python3` on PATH that always exits 1.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './support/bundle.js';

function* textFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* textFiles(path);
    else if (/\.(ts|mjs|js|py|json|sh)$|^run$/.test(name)) yield path;
  }
}

describe('nothing points outside the repository', () => {
  it('no source, test, script or CI file names the sibling folder the vectors and peers used to come from', () => {
    const outside = new RegExp(['\\.\\./', 'shared', '|/work/', 'shared'].join(''));
    const hits = ['src', 'test', 'scripts', 'bench', '.ci']
      .flatMap((dir) => [...textFiles(join(ROOT, dir))])
      .filter((file) => outside.test(readFileSync(file, 'utf8')))
      .map((file) => file.slice(ROOT.length + 1));
    expect(hits).toEqual([]);
  });
});

describe('without a working python3', () => {
  const stub = mkdtempSync(join(tmpdir(), 'sigv4kit-nopython-'));
  afterAll(() => rmSync(stub, { recursive: true, force: true }));
  writeFileSync(join(stub, 'python3'), '#!/bin/sh\necho "python3 disabled by selfContained.test.ts" >&2\nexit 1\n');
  chmodSync(join(stub, 'python3'), 0o755);
  const FILES = ['test/credentials/sts/sts.test.ts', 'test/fetch/fetch.test.ts', 'test/interop/s3Chunked.test.ts'];

  const vitest = (ci: boolean): { status: number | null; output: string } => {
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${stub}:${process.env['PATH'] ?? ''}`, NO_COLOR: '1', FORCE_COLOR: '0' };
    delete env['CI'];
    delete env['VITEST'];
    delete env['VITEST_WORKER_ID'];
    delete env['VITEST_POOL_ID'];
    if (ci) env['CI'] = 'true';
    const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', ...FILES], { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  };

  it('npm test passes, and each interop suite prints one SKIPPED line naming the peer and how to get it', () => {
    const { status, output } = vitest(false);
    expect(status, output).toBe(0);
    const skipped = output.split('\n').filter((line) => line.startsWith('!!! SKIPPED'));
    expect(skipped).toEqual(expect.arrayContaining([
      expect.stringMatching(/^!!! SKIPPED STS form encoding against Python urllib: python3 missing \(.*python3 disabled.*\); get it: install Python/),
      expect.stringMatching(/^!!! SKIPPED createSignedFetch wire tests \(botocore oracle\): python-botocore missing \(.*\); get it: pip install boto3$/),
      expect.stringMatching(/^!!! SKIPPED S3 aws-chunked interop tests: moto missing \(.*\); get it: pip install "moto\[server\]" boto3$/),
    ]));
    // No failure and no stack trace.
    expect(output).not.toMatch(/\bFAIL\b|\n\s+at \S.*:\d+:\d+\)?\n/);
  }, 180_000);

  it('under CI=true a missing peer is a failure', () => {
    const { status, output } = vitest(true);
    expect(status).not.toBe(0);
    expect(output).toContain('(a failure under CI=true)');
  }, 180_000);
});

describe('without curl and the aws CLI', () => {
  const stub = mkdtempSync(join(tmpdir(), 'sigv4kit-nocurl-'));
  afterAll(() => rmSync(stub, { recursive: true, force: true }));
  for (const name of ['curl', 'aws']) {
    writeFileSync(join(stub, name), `#!/bin/sh\necho "${name} disabled by selfContained.test.ts" >&2\nexit 1\n`);
    chmodSync(join(stub, name), 0o755);
  }

  it('the interop file that needs them passes with one SKIPPED line each, naming how to get it', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${stub}:${process.env['PATH'] ?? ''}`, NO_COLOR: '1', FORCE_COLOR: '0' };
    for (const name of ['CI', 'VITEST', 'VITEST_WORKER_ID', 'VITEST_POOL_ID']) delete env[name];
    const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', 'test/interop/verifyPeers.test.ts'], { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    const output = `${run.stdout}${run.stderr}`;
    expect(run.status, output).toBe(0);
    const skipped = output.split('\n').filter((line) => line.startsWith('!!! SKIPPED'));
    expect(skipped).toEqual(expect.arrayContaining([
      expect.stringMatching(/^!!! SKIPPED verify interop with the aws CLI: aws-cli missing \(.*aws disabled.*\); get it: pip install awscli/),
      expect.stringMatching(/^!!! SKIPPED verify interop with curl --aws-sigv4: curl missing \(.*curl disabled.*\); get it: apt-get install curl/),
    ]));
    expect(output).not.toMatch(/\bFAIL\b|\n\s+at \S.*:\d+:\d+\)?\n/);
  }, 180_000);
});
