#!/usr/bin/env node
/**
 * `npm run build`. Two outputs in dist/:
 * - tsc: one .js and one .d.ts per module. The types of every export, and the build that bundlers,
 *   browsers, Deno-style runtimes without the `node` condition and `#imports` resolution use (each
 *   bundler tree-shakes it per module).
 * - esbuild: dist/node-bundle/, the Node entry points (`sigv4-kit`, `sigv4-kit/node`, the `sigv4` CLI)
 *   bundled with code splitting, so `sigv4-kit/node` and the main entry share one copy of every
 *   class. Node's ESM loader costs about half a millisecond per module: `import 'sigv4-kit'` loaded
 *   90 files, about 55 ms of cold start, which a few files cut to a fraction. Not minified: stack
 *   traces stay readable. Node built-ins and @aws-crypto stay external.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { subpathImportsPlugin } from './conditions.mjs';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');

/** Bundles the Node entry points of src/ into `outdir`; returns esbuild's metafile. */
export async function bundleNodeEntries(root, outdir) {
  const result = await esbuild.build({
    entryPoints: {
      index: join(root, 'src/index.ts'),
      node: join(root, 'src/node.ts'),
      sigv4a: join(root, 'src/sigv4a.ts'),
      chunked: join(root, 'src/chunked.ts'),
      eventstream: join(root, 'src/eventstream.ts'),
      steps: join(root, 'src/steps.ts'),
      x509: join(root, 'src/x509.ts'),
      explain: join(root, 'src/explain.ts'),
      cli: join(root, 'src/cli/main.ts'),
    },
    absWorkingDir: root,
    outdir,
    bundle: true,
    splitting: true,
    chunkNames: 'shared-[hash]',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // The one dependency stays external. (No CommonJS dependency is left: the CRCs are our own code since
    // crc-32 went, which as a CJS module imported from ESM cost every `import 'sigv4-kit'` about 3.5 ms.)
    external: ['@aws-crypto/*'],
    plugins: [subpathImportsPlugin(root, 'node')],
    metafile: true,
    logLevel: 'warning',
  });
  return result.metafile;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  await bundleNodeEntries(ROOT, join(ROOT, 'dist/node-bundle'));
}
