/**
 * The package's subpath imports ('#crypto', '#ecdsa', ...) resolved to their TypeScript sources, for
 * esbuild builds of src/ that must pick the same file a consumer of dist/ would get: `node` → the
 * *.node.ts variant, anything else → `default` (the portable variant).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** package.json "imports", as written. */
export function subpathImports(root) {
  return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).imports ?? {};
}

/** './dist/crypto/hash.node.js' → '<root>/src/crypto/hash.node.ts'. */
export function toSource(root, target) {
  return join(root, target.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts'));
}

/** The target of one subpath import for `mode` ('node' or 'default'). */
export function targetFor(entry, mode) {
  if (typeof entry === 'string') return entry;
  return (mode === 'node' ? entry.node : undefined) ?? entry.default;
}

/** The source files that only the `node` condition reaches (allowed to import Node built-ins). */
export function nodeOnlyTargets(root) {
  return new Set(Object.values(subpathImports(root)).map((entry) => toSource(root, targetFor(entry, 'node'))));
}

/** An esbuild plugin resolving '#name' imports of src/ for `mode`. */
export function subpathImportsPlugin(root, mode) {
  const imports = subpathImports(root);
  return {
    name: `subpath-imports-${mode}`,
    setup(build) {
      build.onResolve({ filter: /^#/ }, (args) => {
        const entry = imports[args.path];
        return entry === undefined ? undefined : { path: toSource(root, targetFor(entry, mode)) };
      });
    },
  };
}
