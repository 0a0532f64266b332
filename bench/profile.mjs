// Profiling driver: `node --cpu-prof --cpu-prof-dir=.bench-out/prof bench/profile.mjs [case] [signer] [seconds]`
// signs one case in a loop with one signer (default: case a, sigv4-kit, 3 s) so the profile shows only that path.
import { buildPackage } from './build.mjs';
import { CASES, CREDENTIALS, SIGNING_DATE } from './cases.mjs';
import { allSigners } from './signers.mjs';

const [caseId = 'a', signerName = 'sigv4-kit', seconds = '3'] = process.argv.slice(2);
const kit = await import(await buildPackage());
const c = CASES.find((x) => x.id === caseId);
const s = allSigners(kit).find((x) => x.name === signerName);
if (!c || !s) throw new Error(`unknown case ${caseId} or signer ${signerName}`);
const m = s.make(c);
if (m === undefined) throw new Error(`${signerName} does not run case ${caseId}`);
const isAsync = m.async ?? s.async;
const end = performance.now() + Number(seconds) * 1000;
let ops = 0;
let sink;
while (performance.now() < end) {
  for (let i = 0; i < 1000; i++) sink = isAsync ? await m.run(SIGNING_DATE, CREDENTIALS) : m.run(SIGNING_DATE, CREDENTIALS);
  ops += 1000;
}
console.log(`${ops} ops, ${((Number(seconds) * 1e9) / ops).toFixed(0)} ns/op, ${m.sig(sink)}`);
