/**
 * Deno and Bun, for real: their npm packages are installed by .ci/run into .ci/runtimes (pinned there).
 * In each runtime (and in Node, as the control) every SigV4 vector is signed twice:
 * - through the installed tarball, resolved by the runtime itself (`import 'sigv4-kit'`, its own
 *   export conditions);
 * - through a --platform=neutral bundle with the portable SHA-256 (what a worker or edge bundle gets).
 * Results are compared with AWS's expected values and with this process's signer.
 * A runtime missing: its tests are skipped with one line saying so, or fail under CI=true.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subpathImportsPlugin } from '../../scripts/conditions.mjs';
import { requirePeers, RUNTIMES_BIN } from '../support/peers.js';
import { ROOT } from './support/bundle.js';
import { cleanUp, packAndInstall, type Packed } from './support/packed.js';
import type { RunResult } from './support/runner.js';
import { mismatches, vectorCases } from './support/vectorCheck.js';

// Node is this process; Deno and Bun are optional peers from .ci/runtimes (.ci/run installs them).
const RUNTIMES = [
  { name: 'Node', bin: process.execPath, args: (file: string) => [file] },
  // No permission flags: the scripts only import modules and print.
  { name: 'Deno', peer: 'deno', bin: join(RUNTIMES_BIN, 'deno'), args: (file: string) => ['run', '--quiet', file] },
  { name: 'Bun', peer: 'bun', bin: join(RUNTIMES_BIN, 'bun'), args: (file: string) => ['run', file] },
] as const;
const runnable = RUNTIMES.filter((r) => !('peer' in r) || requirePeers([r.peer], `the ${r.name} runtime tests`));
const RUNNER = resolve(ROOT, 'test/ship/support/runner.ts');
const INDEX = resolve(ROOT, 'src/index.ts');

/** Prints `{ results, nodeEntry }`; `nodeEntry` lists sigv4-kit/node's exports, which only the `node` condition reaches. */
function runnerSource(libraryFrom: 'package' | 'bundle', casesJson: string): string {
  const nodeEntry = libraryFrom === 'package' ? "Object.keys(await import('sigv4-kit/node')).sort()" : 'null';
  return `import { runCases } from ${JSON.stringify(RUNNER)};
console.log(JSON.stringify({ results: runCases(${casesJson}), nodeEntry: ${nodeEntry} }));`;
}

/** One ESM file that signs `cases` and prints the results; the library is bundled in, or imported by name. */
async function runnerFile(libraryFrom: 'package' | 'bundle', casesJson: string): Promise<string> {
  const external: esbuild.Plugin = {
    name: 'library-by-name',
    setup(build) {
      build.onResolve({ filter: /src\/index\.js$/ }, () => ({ path: 'sigv4-kit', external: true }));
      build.onResolve({ filter: /^sigv4-kit\/node$/ }, () => ({ path: 'sigv4-kit/node', external: true }));
    },
  };
  const result = await esbuild.build({
    stdin: { contents: runnerSource(libraryFrom, casesJson), resolveDir: ROOT, loader: 'ts' },
    absWorkingDir: ROOT,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    write: false,
    logLevel: 'silent',
    plugins: libraryFrom === 'package' ? [external] : [subpathImportsPlugin(ROOT, 'default')],
  });
  const text = result.outputFiles[0]?.text ?? '';
  // The package variant must really import the installed package, not a copy of src/.
  if (libraryFrom === 'package' && (!text.includes('"sigv4-kit"') || text.includes(INDEX))) throw new Error('runner did not import sigv4-kit by name');
  return text;
}

describe('Node, Deno and Bun', () => {
  let packed: Packed;
  const cases = vectorCases();
  // A runner that fails to build fails its own tests, not the other variant's.
  const buildErrors = new Map<string, unknown>();

  beforeAll(async () => {
    packed = packAndInstall('runtimes');
    const casesJson = JSON.stringify(cases.map((c) => c.wire));
    for (const variant of ['package', 'bundle'] as const) {
      try {
        writeFileSync(join(packed.consumer, `${variant}-runner.mjs`), await runnerFile(variant, casesJson));
      } catch (error) {
        buildErrors.set(`${variant}-runner.mjs`, error);
      }
    }
  }, 240_000);

  afterAll(() => cleanUp(packed));

  const matrix = runnable.flatMap((r) => [
    [r.name, 'the installed package (the runtime picks the export conditions)', 'package-runner.mjs', r] as const,
    [r.name, 'a neutral bundle with the portable SHA-256', 'bundle-runner.mjs', r] as const,
  ]);

  it.each(matrix)('%s: every SigV4 vector through %s', (_name, _how, file, runtime) => {
    if (buildErrors.has(file)) throw buildErrors.get(file);
    const result = spawnSync(runtime.bin, runtime.args(file), { cwd: packed.consumer, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1', DO_NOT_TRACK: '1' } });
    expect(result.stderr.trim().split('\n').filter((l) => /error/i.test(l))).toEqual([]);
    expect(result.status).toBe(0);
    const { results, nodeEntry } = JSON.parse(result.stdout) as { results: RunResult[]; nodeEntry: string[] | null };
    expect(results).toHaveLength(cases.length);
    expect(mismatches(cases, results)).toEqual([]);
    // Through the package, each of these runtimes matches the `node` condition (so node:crypto signs).
    if (file === 'package-runner.mjs') expect(nodeEntry).toEqual(expect.arrayContaining(['fromDefaultChain', 'fromIni']));
  }, 60_000);
});
