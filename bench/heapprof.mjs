// Allocation profile of one signer on one case: `node bench/heapprof.mjs [case] [signer] [ops]`.
// Uses V8's sampling heap profiler through the inspector, counting objects that GC already collected,
// and prints bytes per op by allocating function (self).
import { Session } from 'node:inspector/promises';
import { buildPackage } from './build.mjs';
import { CASES, CREDENTIALS, SIGNING_DATE } from './cases.mjs';
import { allSigners } from './signers.mjs';

const [caseId = 'a', signerName = 'sigv4-kit', opsArg = '200000'] = process.argv.slice(2);
const ops = Number(opsArg);
const kit = await import(await buildPackage());
const c = CASES.find((x) => x.id === caseId);
const s = allSigners(kit).find((x) => x.name === signerName);
const m = s.make(c);
if (m === undefined) throw new Error(`${signerName} does not run case ${caseId}`);
const isAsync = m.async ?? s.async;
for (let i = 0; i < 20000; i++) isAsync ? await m.run(SIGNING_DATE, CREDENTIALS) : m.run(SIGNING_DATE, CREDENTIALS);
const session = new Session();
session.connect();
await session.post('HeapProfiler.startSampling', { samplingInterval: 128, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
for (let i = 0; i < ops; i++) isAsync ? await m.run(SIGNING_DATE, CREDENTIALS) : m.run(SIGNING_DATE, CREDENTIALS);
const { profile } = await session.post('HeapProfiler.stopSampling');
const self = new Map();
const walk = (node, stack) => {
  const frame = `${node.callFrame.functionName || '(anon)'} ${node.callFrame.url.split('/').slice(-2).join('/')}:${node.callFrame.lineNumber + 1}`;
  self.set(frame, (self.get(frame) ?? 0) + node.selfSize);
  for (const child of node.children) walk(child, stack);
};
walk(profile.head, []);
const total = [...self.values()].reduce((a, b) => a + b, 0);
console.log(`${signerName}, case ${caseId}: ${(total / ops).toFixed(0)} bytes/op (sampled)`);
for (const [frame, bytes] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) if (bytes / ops >= 8) console.log(`${(bytes / ops).toFixed(0).padStart(6)}  ${frame}`);
