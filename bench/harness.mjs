// Timing: signers run in alternating rounds; in each round every signer runs `reps` batches, interleaved
// with the others (A B C A B C ...), the order rotating and reversing every other round so no signer always
// runs right after the same one. A signer's time in a round is the fastest of its batches: other processes
// on a shared machine only ever add time, so the minimum is the estimate least disturbed by them. Each batch
// starts after a minor GC (untimed), so one signer's garbage is not collected on another's clock.
import { performance } from 'node:perf_hooks';

const gc = globalThis.gc;
const now = () => performance.now();
let sink;

function batchSync(run, n, date, creds) {
  const t0 = now();
  for (let i = 0; i < n; i++) sink = run(date, creds);
  return ((now() - t0) * 1e6) / n;
}

async function batchAsync(run, n, date, creds) {
  const t0 = now();
  for (let i = 0; i < n; i++) sink = await run(date, creds);
  return ((now() - t0) * 1e6) / n;
}

const batch = (s, n, date, creds) => (s.async ? batchAsync(s.run, n, date, creds) : batchSync(s.run, n, date, creds));

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
export const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (pos - lo);
};

/**
 * `entries`: [{ name, async, run(date, creds), creds }]. Warms each for `warmMs`, sizes its batch to about
 * `batchMs`, then runs `rounds` rounds of `reps` batches each. Returns, per name, the ns/op of every round
 * (the fastest of its batches in that round; same index = same round).
 */
export async function runRounds(entries, { rounds, reps = 1, batchMs, warmMs, date, creds }) {
  for (const e of entries) {
    const credsOf = e.creds ?? creds;
    let n = 1;
    let spent = 0;
    let perOp = 0;
    // Warm-up doubles the batch until it has run warmMs in total (JIT tiers, key caches, lazy init).
    while (spent < warmMs) {
      perOp = await batch(e, n, date, credsOf);
      spent += (perOp * n) / 1e6;
      if (perOp * n < batchMs * 1e6) n *= 2;
    }
    e.n = Math.max(1, Math.round((batchMs * 1e6) / perOp));
  }
  const results = new Map(entries.map((e) => [e.name, []]));
  for (let r = 0; r < rounds; r++) {
    const order = entries.map((_, i) => entries[(i + r) % entries.length]);
    if (r % 2) order.reverse();
    for (let k = 0; k < reps; k++) {
      for (const e of order) {
        if (gc) gc({ type: 'minor' });
        const t = await batch(e, e.n, date, e.creds ?? creds);
        const times = results.get(e.name);
        times[r] = k === 0 ? t : Math.min(times[r], t);
      }
    }
  }
  void sink;
  return results;
}

/** Per-round ratios of `name` to `base`, summarized as median and quartiles. */
export function ratioStats(results, name, base) {
  const a = results.get(name);
  const b = results.get(base);
  const ratios = a.map((x, i) => x / b[i]);
  return { median: median(ratios), p25: quantile(ratios, 0.25), p75: quantile(ratios, 0.75) };
}
