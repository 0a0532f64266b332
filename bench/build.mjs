// Builds src/ into .bench-out/pkg/ with the same layout `npm run build` publishes, so the bench imports
// exactly what users import on Node: dist/node-bundle/ (the Node entry points bundled by
// scripts/build.mjs, which the package's "node" export condition picks), and next to it the per-file
// dist/ (one .js per .ts, package.json "exports"/"imports" copied) that bundlers and other runtimes
// resolve, where `#crypto` resolves through the "node" condition to dist/crypto/hash.node.js.
// esbuild transforms file by file (no type check, ~50 ms), so a teammate's type error elsewhere does not block the bench.
import { readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { bundleNodeEntries } from '../scripts/build.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OUT = join(ROOT, '.bench-out');
export const PKG = join(OUT, 'pkg');

/** Builds .bench-out/pkg/dist; returns the file URL of dist/node-bundle/index.js (what `import 'sigv4-kit'` loads on Node). */
export async function buildPackage() {
  const src = join(ROOT, 'src');
  const entryPoints = readdirSync(src, { recursive: true })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.test.ts'))
    .map((f) => join(src, f));
  rmSync(PKG, { recursive: true, force: true });
  mkdirSync(PKG, { recursive: true });
  await build({
    entryPoints,
    outbase: src,
    outdir: join(PKG, 'dist'),
    bundle: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'error',
  });
  await bundleNodeEntries(ROOT, join(PKG, 'dist', 'node-bundle'));
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const manifest = { name: pkg.name, version: pkg.version, type: 'module', exports: pkg.exports, imports: pkg.imports, sideEffects: false };
  writeFileSync(join(PKG, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return pathToFileURL(join(PKG, 'dist', 'node-bundle', 'index.js')).href;
}

/** The per-file build's entry (one module per source file), as bundlers see the package. */
export const perFileUrl = () => pathToFileURL(join(PKG, 'dist', 'index.js')).href;

/**
 * One-file bundle of the built package, plus the list of input files, which is the module graph a
 * plain `import` of the package loads on Node. With `only`, the bundle re-exports just those names
 * (what an application bundler ships after tree shaking an app that imports only them).
 */
export async function bundlePackage(only) {
  const name = only ? `only-${only.join('-')}` : 'sigv4-kit';
  const outfile = join(OUT, 'bundle', `${name}.mjs`);
  let entry = join(PKG, 'dist', 'index.js');
  if (only) {
    entry = join(OUT, 'bundle', `${name}.entry.mjs`);
    mkdirSync(join(OUT, 'bundle'), { recursive: true });
    writeFileSync(entry, `export { ${only.join(', ')} } from '../pkg/dist/index.js';\n`);
  }
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    metafile: true,
    outfile,
    logLevel: 'error',
  });
  const inputs = Object.keys(result.metafile.inputs);
  return { url: pathToFileURL(outfile).href, inputs, bytes: result.metafile.outputs[Object.keys(result.metafile.outputs)[0]].bytes };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const url = await buildPackage();
  const bundle = await bundlePackage();
  console.log(url, perFileUrl());
  console.log(`bundle: ${bundle.bytes} bytes, ${bundle.inputs.length} modules:\n  ${bundle.inputs.join('\n  ')}`);
}
