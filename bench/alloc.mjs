// Child process: bytes allocated per sign, as the JS heap delta over many signs with no GC in between.
// Started by run.mjs with --expose-gc and a young generation large enough that the loop never collects;
// a GC observed during a loop voids that measurement and it is retried with fewer operations.
// Only the V8 heap is counted (Buffer backing stores are off-heap; none of the signers keeps one per sign).
import { PerformanceObserver } from 'node:perf_hooks';
import { CASES, CREDENTIALS, SIGNING_DATE } from './cases.mjs';
import { allSigners } from './signers.mjs';

const [kitUrl, caseIds, signerFilter] = process.argv.slice(2);
const kit = await import(kitUrl);
const gc = globalThis.gc;
if (!gc) throw new Error('run with --expose-gc');

let gcs = 0;
new PerformanceObserver((list) => {
  gcs += list.getEntries().length;
}).observe({ entryTypes: ['gc'] });
const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

async function measure(isAsync, m, n) {
  let keep;
  for (let i = 0; i < Math.max(2000, n); i++) keep = isAsync ? await m.run(SIGNING_DATE, CREDENTIALS) : m.run(SIGNING_DATE, CREDENTIALS);
  for (;;) {
    gc();
    gc();
    await settle();
    const before = gcs;
    const h0 = process.memoryUsage().heapUsed;
    if (isAsync) for (let i = 0; i < n; i++) keep = await m.run(SIGNING_DATE, CREDENTIALS);
    else for (let i = 0; i < n; i++) keep = m.run(SIGNING_DATE, CREDENTIALS);
    const h1 = process.memoryUsage().heapUsed;
    await settle();
    void keep;
    if (gcs === before) return (h1 - h0) / n;
    if (n <= 10) return Number.NaN;
    n = Math.floor(n / 2);
  }
}

const out = {};
const wanted = caseIds.split(',');
for (const c of CASES.filter((x) => wanted.includes(x.id))) {
  out[c.id] = {};
  for (const s of allSigners(kit)) {
    if (signerFilter && !signerFilter.split(',').some((f) => s.name.includes(f))) continue;
    const m = s.make(c);
    if (m !== undefined) out[c.id][s.name] = await measure(m.async ?? s.async, m, c.id === 'd' ? 20 : 4000);
  }
}
process.stdout.write(JSON.stringify(out));
