/**
 * What `import 'sigv4-kit'` loads on Node (issue 13, cold start): the chunks of dist/node-bundle/ that
 * index.js reaches through static imports. The call paths that only a running provider or fetch needs
 * (STS and Cognito calls, the fetch request path), the verifier and the mismatch explainer load on first
 * use or from their own entry, so none of their modules may be in that graph, which stays in 2 files and
 * under a byte ceiling. Built by scripts/build.mjs's own bundleNodeEntries into a temporary folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { OutputChunk } from 'rolldown';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleNodeEntries } from '../../scripts/build.mjs';
import { ROOT } from './support/bundle.js';

/** Modules that must load lazily (or from their own entry), never with `import 'sigv4-kit'`. */
const LAZY = [
  'src/credentials/sts/calls.ts', // callSts, readStsCredentials
  'src/credentials/sts/xml.ts',
  'src/credentials/sts/stsEndpoint.ts',
  'src/credentials/cognito/calls.ts',
  'src/credentials/jsonCall.ts',
  'src/fetch/send.ts', // createSignedFetch's request path
  'src/fetch/prepare.ts',
  'src/fetch/attempt.ts',
  'src/explain/explain.ts', // sigv4-kit/explain
  'src/explain/causes.ts',
  'src/verify/verifyRequest.ts',
  'src/chunked/encoder.ts',
  'src/credentials/defaultChain.ts',
];
// Measured 101,179 bytes when the lazy loading landed (esbuild's 11 files held 147,546 before it).
const CEILING_BYTES = 106_000;

let out: string;
let chunks: Map<string, OutputChunk>;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'sigv4-kit-main-graph-'));
  const output = await bundleNodeEntries(ROOT, out);
  chunks = new Map(output.filter((o): o is OutputChunk => o.type === 'chunk').map((c) => [c.fileName, c]));
}, 60_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

/** The files `entry` loads through static imports, and the src/ modules in them. */
function staticGraph(entry: string): { files: string[]; modules: Set<string>; bytes: number } {
  const files: string[] = [];
  const visit = (file: string): void => {
    if (files.includes(file) || !chunks.has(file)) return;
    files.push(file);
    for (const next of chunks.get(file)!.imports) visit(next);
  };
  visit(entry);
  const modules = new Set(files.flatMap((f) => chunks.get(f)!.moduleIds.map((id) => relative(ROOT, id))));
  return { files, modules, bytes: files.reduce((n, f) => n + Buffer.byteLength(chunks.get(f)!.code), 0) };
}

describe("import 'sigv4-kit' on Node (dist/node-bundle/index.js)", () => {
  it('loads 2 files, under the byte ceiling, holding the signer and the providers but none of the lazily loaded modules', () => {
    const graph = staticGraph('index.js');
    console.log(`main entry: ${graph.files.length} files, ${graph.bytes} bytes, ${graph.modules.size} modules`);
    expect(graph.files.length).toBeLessThanOrEqual(2);
    expect(graph.bytes).toBeLessThanOrEqual(CEILING_BYTES);
    expect(graph.modules).toContain('src/sigv4/sign.ts');
    expect(graph.modules).toContain('src/credentials/sts/assumeRole.ts'); // the provider's shell: options checked at once
    expect(graph.modules).toContain('src/fetch/fetch.ts');
    expect(LAZY.filter((m) => graph.modules.has(m))).toEqual([]);
  });

  it('the lazily loaded modules are in the bundle, each reachable by a dynamic import', () => {
    const all = new Set([...chunks.values()].flatMap((c) => c.moduleIds.map((id) => relative(ROOT, id))));
    expect(LAZY.filter((m) => !all.has(m))).toEqual([]);
    const dynamic = new Set([...chunks.values()].flatMap((c) => c.dynamicImports));
    for (const module of ['src/credentials/sts/calls.ts', 'src/credentials/cognito/calls.ts', 'src/fetch/send.ts']) {
      const home = [...chunks.values()].find((c) => c.moduleIds.some((id) => relative(ROOT, id) === module))!;
      expect(dynamic.has(home.fileName) || home.isDynamicEntry, module).toBe(true);
    }
  });

  it('control: the CLI, which imports the explainer and the STS calls statically, shows them in its graph', () => {
    const cli = staticGraph('cli.js');
    expect(cli.modules).toContain('src/explain/explain.ts');
    expect(LAZY.filter((m) => cli.modules.has(m)).length).toBeGreaterThan(0);
    expect(cli.bytes).toBeGreaterThan(CEILING_BYTES); // the ceiling is not one every graph meets
  });
});
