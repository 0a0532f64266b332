#!/usr/bin/env node
/**
 * The import boundary of the portable entry: nothing reachable from src/index.ts may import a Node
 * built-in (`node:fs`, `buffer`, ...), statically or through `await import()`. Browser bundlers fail on
 * both kinds, so a lazy import is no escape. The one sanctioned path to `node:crypto` is the `node`
 * condition of a subpath import (`#crypto`, `#ecdsa`, ... in package.json "imports"); it is checked
 * separately: resolved for Node, only those *.node.ts targets may reach a built-in.
 *
 * Usage: node scripts/check-boundary.mjs [--json] [entry ...]   (default: the portable entries, src/index.ts, the variants and src/x509.portable.ts)
 * Exit status 1 lists each offending import and the chain of modules that reaches it.
 */
import { isBuiltin } from 'node:module';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { nodeOnlyTargets, subpathImportsPlugin } from './conditions.mjs';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
/** Modules allowed to import built-ins, per resolution mode of the subpath imports. */
const ALLOWED = { portable: new Set(), node: nodeOnlyTargets(ROOT) };

const show = (path) => relative(ROOT, path) || path;

/** Every built-in import reachable from `entry`, with '#crypto' & co. resolved for `mode` ('portable' | 'node'). */
async function builtinImports(entry, mode) {
  const found = [];
  const plugin = {
    name: 'boundary',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (!isBuiltin(args.path)) return undefined;
        found.push({ importer: args.importer, specifier: args.path, kind: args.kind });
        return { path: args.path, external: true };
      });
    },
  };
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    metafile: true,
    absWorkingDir: ROOT,
    logLevel: 'silent',
    plugins: [subpathImportsPlugin(ROOT, mode === 'node' ? 'node' : 'default'), plugin],
  });
  return { found, inputs: result.metafile.inputs };
}

/** The shortest import chain from the entry to `target`, as paths relative to the repository. */
function chainTo(inputs, entry, target) {
  const start = show(entry);
  const goal = show(target);
  const previous = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length > 0) {
    const current = queue.shift();
    if (current === goal) break;
    for (const { path, external } of inputs[current]?.imports ?? []) {
      if (external || previous.has(path)) continue;
      previous.set(path, current);
      queue.push(path);
    }
  }
  const chain = [];
  for (let at = goal; at !== undefined; at = previous.get(at)) chain.unshift(at);
  return chain;
}

/** Runs both checks on each entry; returns the violations (an empty list means the boundary holds). */
export async function checkBoundary(entries) {
  const violations = [];
  const seen = new Set();
  for (const entry of entries.map((e) => resolve(e))) {
    for (const mode of ['portable', 'node']) {
      let scan;
      try {
        scan = await builtinImports(entry, mode);
      } catch (error) {
        violations.push({ entry: show(entry), mode, error: String(error.message ?? error) });
        continue;
      }
      for (const hit of scan.found) {
        const id = `${entry}\0${hit.importer}\0${hit.specifier}`;
        if (ALLOWED[mode].has(resolve(ROOT, hit.importer)) || seen.has(id)) continue;
        seen.add(id);
        violations.push({
          entry: show(entry),
          mode,
          importer: show(resolve(ROOT, hit.importer)),
          specifier: hit.specifier,
          kind: hit.kind,
          chain: chainTo(scan.inputs, entry, resolve(ROOT, hit.importer)),
        });
      }
    }
  }
  return violations;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const entries = args.filter((a) => a !== '--json');
  const checked = entries.length > 0 ? entries : ['src/index.ts', 'src/sigv4a.ts', 'src/chunked.ts', 'src/eventstream.ts', 'src/steps.ts', 'src/explain.ts', 'src/x509.portable.ts'].map((e) => resolve(ROOT, e));
  const violations = await checkBoundary(checked);
  if (json) {
    console.log(JSON.stringify({ entries: checked.map((e) => show(resolve(e))), violations }, null, 2));
  } else if (violations.length === 0) {
    console.log(`import boundary holds: no Node built-in reachable from ${checked.map((e) => show(resolve(e))).join(', ')} (except node:crypto via #crypto's node condition)`);
  } else {
    console.error('Node built-ins reachable from the portable entry (move the module to src/node.ts, or inject the dependency):');
    for (const v of violations) {
      if (v.error) console.error(`  [${v.mode}] ${v.entry}: bundling failed: ${v.error}`);
      else console.error(`  [${v.mode}] ${v.specifier} (${v.kind}) in ${v.importer}\n      via ${v.chain.join(' -> ')}`);
    }
  }
  process.exitCode = violations.length === 0 ? 0 : 1;
}
