// `npm run bench`: sigv4-kit against @smithy/signature-v4, aws4, aws4fetch and a hand-written floor.
// See BENCHMARKS.md for what is measured and how to read it. Options:
//   --rounds=N      rounds per case (default 30)        --batch-ms=N   target batch length (default 10)
//   --reps=N        batches per signer per round; its fastest counts (default 3)
//   --no-streaming  skip the aws-chunked streaming case
//   --cases=a,b     only these cases                    --quick        10 rounds, 5 ms batches, fewer cold starts
//   --no-cold --no-alloc --no-miss                      skip those sections
//   --signers=a,b   only signers whose name contains one of these (the floor and sigv4-kit always run)
//   --show-floor    print the generated floor source    --write        put the report into BENCHMARKS.md
//   --proxy-only    only the signing proxy's overhead per request (bench/proxy.mjs); with --write, into its own block
//   --no-proxy      skip that section
//   --only=attack   only the worst-case parses of issue 15 (bench/attack.mjs)   --no-attack  skip them
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPackage, bundlePackage, OUT, perFileUrl, ROOT } from './build.mjs';
import { CASES, CREDENTIALS, REGION, SIGNING_DATE } from './cases.mjs';
import { floorSource, makeUncachedFloor } from './floor.mjs';
import { median, ratioStats, runRounds } from './harness.mjs';
import { allSigners, FLOOR, KIT } from './signers.mjs';

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k, v ?? true];
  }),
);
const quick = Boolean(args.quick);
const ROUNDS = Number(args.rounds ?? (quick ? 10 : 30));
const REPS = Number(args.reps ?? (quick ? 2 : 3));
const BATCH_MS = Number(args['batch-ms'] ?? (quick ? 5 : 10));
const WARM_MS = quick ? 100 : 250;
const COLD_RUNS = Number(args['cold-runs'] ?? (quick ? 5 : 15));
const caseIds = args.cases ? String(args.cases).split(',') : CASES.map((c) => c.id);
const here = fileURLToPath(new URL('.', import.meta.url));

const lines = [];
const say = (line = '') => {
  lines.push(line);
  console.log(line);
};
const fmtNs = (ns) => (ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns >= 1e4 ? `${(ns / 1e3).toFixed(1)} µs` : `${(ns / 1e3).toFixed(2)} µs`);
const fmtX = (x) => (x >= 100 ? `${x.toFixed(0)}x` : x >= 10 ? `${x.toFixed(1)}x` : `${x.toFixed(2)}x`);

const kitUrl = await buildPackage();

// ---- Signing proxy overhead, alone (issue 19): `npm run bench -- --proxy-only [--write]`.
if (args['proxy-only']) {
  const proxyLines = [];
  await (await import('./proxy.mjs')).proxyBench({ quick, say: (line = '') => (proxyLines.push(line), console.log(line)) });
  proxyLines.push(`Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load average (1 min) ${loadavg()[0].toFixed(2)}.`);
  if (args.write) {
    const file = join(ROOT, 'BENCHMARKS.md');
    const text = readFileSync(file, 'utf8');
    const [start, end] = ['<!-- bench:proxy:start -->', '<!-- bench:proxy:end -->'];
    const i = text.indexOf(start);
    const j = text.indexOf(end);
    if (i < 0 || j < i) throw new Error(`BENCHMARKS.md has no ${start} ... ${end} block`);
    writeFileSync(file, `${text.slice(0, i + start.length)}\n${proxyLines.join('\n')}\n${text.slice(j)}`);
    console.log('BENCHMARKS.md updated (proxy block)');
  }
  process.exit(0);
}
const kit = await import(kitUrl);
const only = args.signers ? String(args.signers).split(',') : undefined;
const signers = allSigners(kit).filter((s) => !only || s.name === FLOOR || s.name === KIT || only.some((f) => s.name.includes(f)));

if (args.only === 'attack') {
  await (await import('./attack.mjs')).attackBench({ kit, say: (line = '') => console.log(line) });
  process.exit(0);
}

if (args['show-floor']) {
  for (const c of CASES) console.log(`${floorSource(c, REGION)}\n`);
  process.exit(0);
}

// ---- Every signer must produce the same signature on every case before anything is timed.
async function check(c) {
  const got = [];
  for (const s of signers) {
    const m = s.make(c);
    if (m === undefined) continue;
    const out = await m.run(SIGNING_DATE, CREDENTIALS);
    got.push([s.name, m.sig(out)]);
    // Verifiers must also refuse a tampered request.
    if (m.rejects && (await m.rejects()) === 'valid') got.push([`${s.name} (tampered request)`, 'valid']);
  }
  const expected = got.find(([name]) => name === KIT)?.[1];
  const valid = c.kind === 'verify' ? (sig) => sig === 'valid' : (sig) => /^[0-9a-f]{64}$/.test(sig ?? '');
  const bad = got.filter(([, sig]) => sig !== expected || !valid(sig));
  if (bad.length) {
    console.error(`case ${c.id}: signatures differ:\n${got.map(([n, s]) => `  ${n.padEnd(30)} ${s}`).join('\n')}`);
    process.exit(1);
  }
  return expected;
}

const cpuModel = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? cpus()[0]?.model ?? 'unknown';
let nproc = String(cpus().length);
try {
  nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();
} catch {}
say(`Machine: ${nproc} CPUs (nproc), ${cpuModel}; Node ${process.version}; ${new Date().toISOString().slice(0, 10)}`);
say(`Load average (1 min) at start: ${loadavg()[0].toFixed(2)} — other processes share the machine; per-round ratios absorb most of it, absolute times and cold starts do not.`);
say(`Settings: ${ROUNDS} rounds per case; in each round every signer runs ${REPS} batches of ~${BATCH_MS} ms, interleaved with the others, and its fastest counts; ratios are medians of per-round ratios [quartiles].`);
say(`sigv4-kit: built from src/ by bench/build.mjs as \`npm run build\` lays it out (Node imports dist/node-bundle/).${typeof kit.createSigner === 'function' ? '' : ' * createSigner does not exist yet: the async facade is a minimal stand-in in bench/signers.mjs (await provider, then the sync core).'}`);
say();

// ---- Per-case timing
const summary = {};
const expected = {};
for (const c of CASES.filter((x) => caseIds.includes(x.id))) {
  const signature = await check(c);
  expected[c.id] = signature;
  const present = signers.filter((s) => s.make(c) !== undefined);
  const entries = present.map((s) => {
    const m = s.make(c);
    return { name: s.name, async: m.async ?? s.async, run: m.run };
  });
  const results = await runRounds(entries, { rounds: ROUNDS, reps: REPS, batchMs: BATCH_MS, warmMs: WARM_MS, date: SIGNING_DATE, creds: CREDENTIALS });
  summary[c.id] = {};
  say(`### (${c.id}) ${c.title}`);
  say();
  say(c.kind === 'verify'
    ? `All ${present.length} verifiers accept the request and refuse it with one header changed. No peer library verifies.`
    : `All ${present.length} signers: signature ${signature.slice(0, 16)}…`);
  say();
  say('| signer | median time/op | vs floor [p25-p75] | vs sigv4-kit |');
  say('|---|---:|---:|---:|');
  for (const s of present) {
    const ns = median(results.get(s.name));
    const f = ratioStats(results, s.name, FLOOR);
    const k = ratioStats(results, s.name, KIT);
    summary[c.id][s.name] = { ns, floor: f.median, floorP25: f.p25, floorP75: f.p75, kit: k.median };
    say(`| ${s.name === KIT ? `**${s.name}**` : s.name} | ${fmtNs(ns)} | ${fmtX(f.median)} [${f.p25.toFixed(2)}-${f.p75.toFixed(2)}] | ${fmtX(k.median)} |`);
  }
  say();
}

// ---- Allocation per sign (child process: large young generation, no GC inside the measured loop)
let alloc;
if (!args['no-alloc']) {
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', '--min-semi-space-size=64', '--max-semi-space-size=64', join(here, 'alloc.mjs'), kitUrl, caseIds.join(','), ''],
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  alloc = JSON.parse(out);
  say('### Bytes allocated per sign (V8 heap)');
  say();
  const ids = Object.keys(alloc);
  say(`| signer | ${ids.map((id) => `(${id})`).join(' | ')} |`);
  say(`|---|${ids.map(() => '---:').join('|')}|`);
  const kib = (bytes) => (bytes === undefined ? '—' : Number.isNaN(bytes) ? 'GC in loop' : `${(bytes / 1024).toFixed(1)} KiB`);
  for (const s of signers) say(`| ${s.name} | ${ids.map((id) => kib(alloc[id][s.name])).join(' | ')} |`);
  say();
}

// ---- Cold start: fresh process, import + first sign of case (a)
let cold;
if (!args['no-cold']) {
  const bundle = await bundlePackage();
  const signOnly = await bundlePackage(['signRequest']);
  const floorFile = join(OUT, 'floor-cold.mjs');
  mkdirSync(OUT, { recursive: true });
  writeFileSync(floorFile, floorModuleSource());
  const targets = [
    ['sigv4-kit', kitUrl],
    ['sigv4-kit, one file per module (informational)', perFileUrl()],
    ['sigv4-kit, app bundle importing signRequest', signOnly.url],
    ['floor', new URL(`file://${floorFile}`).href],
    ['smithy + hash-node', ''],
    ['aws4', ''],
    ['aws4fetch', ''],
  ];
  const runs = new Map(targets.map(([t]) => [t, []]));
  for (let i = 0; i < COLD_RUNS; i++) {
    for (const [t, url] of targets) {
      const out = JSON.parse(execFileSync(process.execPath, [join(here, 'coldstart.mjs'), t, url], { encoding: 'utf8' }));
      if (out.sig !== (expected.a ?? (await check(CASES[0])))) throw new Error(`cold start ${t}: wrong signature ${out.sig}`);
      runs.get(t).push(out);
    }
  }
  const graph = bundle.inputs.filter((f) => !f.includes('node_modules'));
  const loaded = bundleFiles(fileURLToPath(kitUrl));
  say(`### Cold start: fresh \`node\` process, import + first sign of (a), median of ${COLD_RUNS}`);
  say();
  say(`Node's own start-up (~40 ms) is not included. \`import 'sigv4-kit'\` on Node loads ${loaded.files} files of dist/node-bundle/ (${(loaded.bytes / 1024).toFixed(1)} KiB, not minified, built from ${graph.length} source modules); the build with one file per module (what bundlers tree-shake) would load ${graph.length} modules through Node's loader; an app importing only signRequest, bundled and tree-shaken: ${(signOnly.bytes / 1024).toFixed(1)} KiB.`);
  say();
  say('Medians (each column separately); the fastest total is shown too, since load on a shared machine only adds time.');
  say();
  say('| signer | import | first sign | total | fastest total |');
  say('|---|---:|---:|---:|---:|');
  cold = {};
  for (const [t] of targets) {
    const r = runs.get(t);
    const totals = r.map((x) => x.totalMs);
    const row = { importMs: median(r.map((x) => x.importMs)), firstSignMs: median(r.map((x) => x.firstSignMs)), totalMs: median(totals), minMs: Math.min(...totals) };
    cold[t] = row;
    say(`| ${t} | ${row.importMs.toFixed(2)} ms | ${row.firstSignMs.toFixed(2)} ms | ${row.totalMs.toFixed(2)} ms | ${row.minMs.toFixed(2)} ms |`);
  }
  say();
}

// A self-contained module with the floor of case (a), for its cold start.
function floorModuleSource() {
  const c = CASES.find((x) => x.id === 'a');
  return `import { createHash, createHmac } from 'node:crypto';
const enc = (v) => (/^[A-Za-z0-9\\-_.~]*$/.test(v) ? v : encodeURIComponent(v));
const trim = (v) => v;
const fmtDate = (d) => d.toISOString().replace(/[:-]|\\.\\d{3}/g, '');
const sha256Hex = (d) => createHash('sha256').update(d).digest('hex');
const hmacHex = (k, d) => createHmac('sha256', k).update(d).digest('hex');
const h = (k, d) => createHmac('sha256', k).update(d).digest();
let day0, key0;
const keyFor = (creds, day) => (day === day0 ? key0 : ((day0 = day), (key0 = h(h(h(h('AWS4' + creds.secretAccessKey, day), ${JSON.stringify(REGION)}), ${JSON.stringify(c.service)}), 'aws4_request'))));
const signA = (function () { ${floorSource(c, REGION)} })();
export function signRequest(request, params) {
  const out = signA({ date: params.signingDate, headers: request.headers, query: ['20'] }, params.credentials);
  return { signature: /Signature=([0-9a-f]{64})/.exec(out.authorization)[1] };
}
`;
}

// ---- 1,000 distinct credentials, round-robin: key-cache misses
let miss;
if (!args['no-miss'] && caseIds.includes('a')) {
  const c = CASES.find((x) => x.id === 'a');
  const many = Array.from({ length: 1000 }, (_, i) => ({
    accessKeyId: `AKIA${String(i).padStart(16, '0')}`,
    secretAccessKey: `secret/${i}/${'k'.repeat(30)}`.slice(0, 40),
  }));
  const cycle = (run) => {
    let i = 0;
    return (date) => run(date, many[i++ % many.length]);
  };
  const uncachedFloor = makeUncachedFloor(c, REGION);
  const values = c.query.map(([, v]) => v);
  const bigCache = new kit.SigningKeyCache(1024);
  const pick = (name) => signers.find((s) => s.name === name || s.name.startsWith(name));
  const entries = [
    { name: 'floor (derives every key)', async: false, run: cycle((date, creds) => uncachedFloor({ date, headers: c.headers, query: values }, creds)) },
    { name: 'sigv4-kit (default cache: 64 keys, all miss)', async: false, run: cycle(pick(KIT).make(c).run) },
    {
      name: 'sigv4-kit, keyCache of 1,024 (all hit)',
      async: false,
      run: cycle((date, credentials) =>
        kit.signRequest({ method: c.method, url: c.url, headers: c.headers }, { credentials, region: REGION, service: c.service, signingDate: date, keyCache: bigCache })),
    },
    { name: 'smithy + hash-node (cache: 50, all miss)', async: true, run: cycle(pick('smithy + hash-node').make(c).run) },
    { name: 'aws4 (lru of 1,000: all hit)', async: false, run: cycle(pick('aws4').make(c).run) },
    { name: 'aws4fetch (shared unbounded Map: all hit)', async: true, run: cycle(pick('aws4fetch').make(c).run) },
  ];
  // Same signature from the floor and sigv4-kit for a few of the credentials.
  for (const creds of many.slice(0, 3)) {
    const a = /Signature=([0-9a-f]{64})/.exec(uncachedFloor({ date: SIGNING_DATE, headers: c.headers, query: values }, creds).authorization)[1];
    const b = pick(KIT).make(c).run(SIGNING_DATE, creds).signature;
    if (a !== b) throw new Error('1,000-credential run: floor and sigv4-kit disagree');
  }
  const results = await runRounds(entries, { rounds: Math.max(10, ROUNDS >> 1), reps: REPS, batchMs: BATCH_MS, warmMs: WARM_MS, date: SIGNING_DATE });
  say('### 1,000 distinct credentials, round-robin, case (a)');
  say();
  say('| signer | median time/op | signs/s | vs floor |');
  say('|---|---:|---:|---:|');
  miss = {};
  for (const e of entries) {
    const ns = median(results.get(e.name));
    const r = ratioStats(results, e.name, entries[0].name);
    miss[e.name] = { ns, floor: r.median };
    say(`| ${e.name} | ${fmtNs(ns)} | ${Math.round(1e9 / ns).toLocaleString('en-US')} | ${fmtX(r.median)} |`);
  }
  say();
}

// ---- Targets
const checks = [];
const target = (label, value, limit, unit = 'x') =>
  value !== undefined && checks.push(`| ${label} | ${unit === 'x' ? fmtX(value) : `${value.toFixed(unit === 'ms' ? 2 : 1)} ${unit}`} | ≤ ${limit}${unit === 'x' ? 'x' : ` ${unit}`} | ${value <= limit ? 'met' : '**missed**'} |`);
for (const id of ['a', 'b', 'c']) target(`(${id}) sigv4-kit vs floor`, summary[id]?.[KIT]?.floor, 1.2);
target('(d) sigv4-kit vs floor', summary.d?.[KIT]?.floor, 1.02);
target('(e) sigv4-kit vs floor', summary.e?.[KIT]?.floor, 3);
if (alloc) for (const id of ['a', 'b', 'c']) target(`(${id}) allocated per sign`, alloc[id] && alloc[id][KIT] / 1024, 5, 'KiB');
if (cold) {
  // Issue 13's targets, relative to peers measured in the same run (they replaced issue 6's absolute 6 ms, which
  // this machine's own `import 'node:crypto'` nearly used up).
  const ratio = (a, b) => (cold[a] && cold[b] ? cold[a].totalMs / cold[b].totalMs : undefined);
  target("cold start, `import 'sigv4-kit'` as built vs aws4 (same run)", ratio('sigv4-kit', 'aws4'), 1);
  target('cold start, app bundle importing signRequest vs the floor', ratio('sigv4-kit, app bundle importing signRequest', 'floor'), 1.5);
}
// Issue 7's streaming case: aws-chunked encoding throughput against raw SHA-256, and the heap while streaming.
if (!args['no-streaming']) await (await import('./streaming.mjs')).streamingBench({ kit, quick, say });
// Issue 19's signing proxy: overhead per small request on loopback against a direct createSignedFetch call.
if (!args['no-proxy']) {
  const { overheadMs } = await (await import('./proxy.mjs')).proxyBench({ quick, say });
  target('signing proxy: added per small request (loopback)', overheadMs, 1, 'ms');
}
if (!args['no-attack']) await (await import('./attack.mjs')).attackBench({ kit, say });

say('### Targets');
say();
say('| target | measured | limit | |');
say('|---|---:|---:|---|');
for (const line of checks) say(line);
say();

say(`Load average (1 min) at the end: ${loadavg()[0].toFixed(2)}.`);
mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, 'results.json'), JSON.stringify({ summary, alloc, cold, miss }, null, 2));
writeFileSync(join(OUT, 'report.md'), `${lines.join('\n')}\n`);
if (args.write) {
  const file = join(ROOT, 'BENCHMARKS.md');
  const text = readFileSync(file, 'utf8');
  const start = '<!-- bench:results:start -->';
  const end = '<!-- bench:results:end -->';
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`BENCHMARKS.md has no ${start} ... ${end} block`);
  writeFileSync(file, `${text.slice(0, i + start.length)}\n${lines.join('\n')}\n${text.slice(j)}`);
  console.log('BENCHMARKS.md updated');
}

/** The files an ESM entry loads through relative imports (the bundle's shared chunks), and their bytes. */
function bundleFiles(entry) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(/\bfrom\s*"(\.\/[^"]+)"/g)) visit(join(dirname(file), m[1]));
  };
  visit(entry);
  return { files: seen.size, bytes: [...seen].reduce((n, f) => n + statSync(f).size, 0) };
}
