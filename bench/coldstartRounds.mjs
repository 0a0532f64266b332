// Cold start side by side: each round runs bench/coldstart.mjs once per contender, in a fresh Node
// process, in turn (the order rotates every round), so machine load falls on all of them alike.
//   node bench/coldstartRounds.mjs [--rounds=21] label=<coldstart target>[@<module URL>] ...
// e.g. kit=sigv4-kit@file://$PWD/dist/node-bundle/index.js aws4=aws4
// Prints per contender the median and fastest total (import + first signature) and the median import.
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const rounds = Number(args.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 21);
const contenders = args.filter((a) => !a.startsWith('--')).map((a) => {
  const [label, spec] = a.split(/=(.*)/s);
  const [target, url = 'x'] = spec.split(/@(.*)/s);
  return { label, target, url, totals: [], imports: [], sigs: new Set() };
});
const script = join(dirname(fileURLToPath(import.meta.url)), 'coldstart.mjs');
const before = loadavg()[0];
for (let round = 0; round < rounds; round++) {
  for (let i = 0; i < contenders.length; i++) {
    const c = contenders[(round + i) % contenders.length];
    const out = JSON.parse(execFileSync(process.execPath, [script, c.target, c.url], { encoding: 'utf8' }));
    c.totals.push(out.totalMs);
    c.imports.push(out.importMs);
    c.sigs.add(out.sig);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const ms = (x) => x.toFixed(1).padStart(6);
console.log(`${rounds} rounds, load average (1 min) ${before.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after, Node ${process.version}`);
const signatures = new Set(contenders.flatMap((c) => [...c.sigs]));
if (signatures.size !== 1) throw new Error(`the contenders' signatures differ: ${[...signatures].join(', ')}`);
const base = median(contenders[0].totals);
for (const c of contenders) {
  if (c.sigs.size !== 1) throw new Error(`${c.label}: signatures differ between runs`);
  const m = median(c.totals);
  console.log(`${c.label.padEnd(12)} total median ${ms(m)} ms  fastest ${ms(Math.min(...c.totals))} ms  import median ${ms(median(c.imports))} ms  ${(m / base).toFixed(2)}x ${contenders[0].label}`);
}
