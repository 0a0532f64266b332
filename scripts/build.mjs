#!/usr/bin/env node
/**
 * `npm run build`. Two outputs in dist/:
 * - tsc: one .js and one .d.ts per module. The types of every export, and the build that bundlers,
 *   browsers, Deno-style runtimes without the `node` condition and `#imports` resolution use (each
 *   bundler tree-shakes it per module).
 * - rolldown: dist/node-bundle/, the Node entry points (`sigv4-kit`, `sigv4-kit/node`, the `sigv4` CLI,
 *   ...) bundled with code splitting, so every entry shares one copy of every class. Node's ESM loader
 *   costs about half a millisecond per file, and the main entry's cold start is measured against aws4
 *   (issue 13): everything `import 'sigv4-kit'` loads statically goes into one chunk, so that import
 *   reads 2 files. esbuild, used here before, splits chunks only by the set of entries that reach a
 *   module; with the lazily loaded call paths (src/lazy.ts) that made the main entry load 21 files, and
 *   11 before them. rolldown (exact-pinned devDependency) takes that chunk as a group. The code that
 *   loads on first use (verify, STS and Cognito calls, the fetch request path) stays in chunks of its
 *   own. Not minified: stack traces stay readable. Node built-ins and @aws-crypto stay external.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';
import { subpathImports, targetFor, toSource } from './conditions.mjs';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');

/** The Node bundle's entry points, by output name. */
export const NODE_ENTRIES = {
  index: 'src/index.ts',
  node: 'src/node.ts',
  sigv4a: 'src/sigv4a.ts',
  chunked: 'src/chunked.ts',
  eventstream: 'src/eventstream.ts',
  steps: 'src/steps.ts',
  x509: 'src/x509.ts',
  explain: 'src/explain.ts',
  cli: 'src/cli/main.ts',
};

/** rolldown's input options: '#crypto' & co. resolve to their node variants, as on Node. */
function inputOptions(root, input) {
  const imports = subpathImports(root);
  return {
    input,
    cwd: root,
    platform: 'node',
    // The one dependency stays external. (No CommonJS dependency is left: the CRCs are our own code since
    // crc-32 went, which as a CJS module imported from ESM cost every `import 'sigv4-kit'` about 3.5 ms.)
    external: [/^@aws-crypto\//, /^node:/],
    plugins: [
      {
        name: 'subpath-imports-node',
        resolveId(source) {
          const entry = imports[source];
          return entry === undefined ? null : toSource(root, targetFor(entry, 'node'));
        },
      },
    ],
    transform: { target: 'node20' },
    logLevel: 'warn',
  };
}

/**
 * A plugin that collects, once the module graph is built, the modules `import 'sigv4-kit'` loads
 * statically (from src/index.ts through static imports only; what it loads with `import()` is not in it).
 */
function mainGraphPlugin(entry, main) {
  return {
    name: 'main-entry-graph',
    buildEnd() {
      const stack = [entry];
      while (stack.length > 0) {
        const id = stack.pop();
        if (main.has(id)) continue;
        main.add(id);
        for (const next of this.getModuleInfo(id)?.importedIds ?? []) if (!/^node:|^@aws-crypto\//.test(next)) stack.push(next);
      }
    },
  };
}

/** Bundles the Node entry points of src/ into `outdir`; returns rolldown's output (chunks with their module ids). */
export async function bundleNodeEntries(root, outdir) {
  const input = Object.fromEntries(Object.entries(NODE_ENTRIES).map(([name, file]) => [name, join(root, file)]));
  const main = new Set();
  const options = inputOptions(root, input);
  const bundle = await rolldown({ ...options, plugins: [...options.plugins, mainGraphPlugin(input.index, main)] });
  try {
    const { output } = await bundle.write({
      dir: outdir,
      format: 'esm',
      entryFileNames: '[name].js',
      chunkFileNames: 'shared-[hash].js',
      // TSDoc is for the .d.ts files; here it would only lengthen what Node reads and parses at import.
      comments: { legal: true, annotation: true, jsdoc: false },
      // One chunk for the main entry's static graph, whichever other entries also use a module of it.
      codeSplitting: { groups: [{ name: 'main', test: (id) => main.has(id), priority: 1 }] },
    });
    return output;
  } finally {
    await bundle.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  await bundleNodeEntries(ROOT, join(ROOT, 'dist/node-bundle'));
}
