// Fails (exit 1) on an import cycle between modules of src/, or on an import that runs up the layers.
// The layers, lowest first; a module may import its own folder and any lower layer, never a higher one
// or a sibling of its own layer. `node scripts/check-layout.mjs` prints what it found.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');

/** Layer of each top-level file or folder of src/; a higher number may import a lower one. */
export const LAYERS = [
  ['errors.ts', 'clock.ts', 'redact.ts', 'lazy.ts'],
  ['crypto'],
  ['sigv4'],
  ['sigv4a', 'eventstream'],
  ['chunked'],
  ['x509'],
  ['verify'],
  ['retry'],
  ['credentials'],
  ['explain'],
  ['fetch', 'createSigner.ts'],
  ['sdk.ts', 'proxy'],
  ['cli'],
  ['index.ts', 'node.ts', 'steps.ts', 'sigv4a.ts', 'chunked.ts', 'eventstream.ts', 'x509.ts', 'x509.portable.ts', 'verify.ts', 'explain.ts'],
];
const layerOf = new Map(LAYERS.flatMap((names, i) => names.map((n) => [n, i])));

/** `#name` imports of package.json, resolved to their source file. */
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const hashImports = new Map(
  Object.entries(pkg.imports ?? {}).map(([k, v]) => [k, join(ROOT, String(v['sigv4-kit-source']).replace(/^\.\//, ''))]),
);

function files(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.ts$/.test(n) && !/\.d\.ts$/.test(n) ? [p] : [];
  });
}

const SPEC = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;

function importsOf(file) {
  const text = readFileSync(file, 'utf8');
  const out = [];
  for (const m of text.matchAll(SPEC)) {
    const spec = m[1] ?? m[2];
    if (spec.startsWith('#')) {
      const target = hashImports.get(spec);
      if (target) out.push(target);
    } else if (spec.startsWith('.')) {
      out.push(resolve(dirname(file), spec).replace(/\.js$/, '.ts'));
    }
  }
  return out;
}

const top = (file) => relative(SRC, file).split('/')[0];

const graph = new Map(files(SRC).map((f) => [f, importsOf(f)]));
const problems = [];
for (const [file, deps] of graph) {
  const from = top(file);
  const fromLayer = layerOf.get(from);
  if (fromLayer === undefined) problems.push(`${relative(ROOT, file)}: src/${from} has no layer in scripts/check-layout.mjs`);
  for (const dep of deps) {
    const to = top(dep);
    if (to === from) continue;
    const toLayer = layerOf.get(to);
    if (fromLayer === undefined || toLayer === undefined) continue;
    if (toLayer >= fromLayer) problems.push(`${relative(ROOT, file)} imports ${relative(ROOT, dep)}: ${to} is not below ${from}`);
  }
}

// Cycles between files (Tarjan's strongly connected components).
let index = 0;
const stack = [];
const state = new Map();
function strong(v) {
  const s = { index, low: index, onStack: true };
  index += 1;
  state.set(v, s);
  stack.push(v);
  for (const w of graph.get(v) ?? []) {
    if (!graph.has(w)) continue;
    const t = state.get(w);
    if (t === undefined) {
      strong(w);
      s.low = Math.min(s.low, state.get(w).low);
    } else if (t.onStack) s.low = Math.min(s.low, t.index);
  }
  if (s.low === s.index) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      state.get(w).onStack = false;
      component.push(relative(ROOT, w));
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) problems.push(`import cycle: ${component.reverse().join(' -> ')}`);
  }
}
for (const v of graph.keys()) if (!state.has(v)) strong(v);

if (problems.length > 0) {
  console.error(`check-layout: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`check-layout: ${graph.size} modules, no import cycle, no import up the layers`);
