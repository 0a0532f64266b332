// Issue 18: where a CRC trailer on a worker thread (chunked/offload.node.ts) wins, by body size. Each size is
// encoded with `offload: false` (the CRC in the encoder's thread) and `offload: true` (on the worker),
// alternately, round by round; the worker is warm (started by an earlier upload), as in a process that
// uploads more than once. Then a fresh process per run: its first big upload with the default choice (which
// starts the worker from 256 MiB) against the same in its thread.
//   node bench/offload.mjs [--rounds=15] [--checksum=CRC64NVME]
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildPackage, PKG } from './build.mjs';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')).map(([k, v]) => [k, v ?? true]));
const ROUNDS = Number(args.rounds ?? 15);
const CHECKSUM = String(args.checksum ?? 'CRC64NVME');
const MIB = 1024 * 1024;
const main = await import(await buildPackage());
const chunkedUrl = pathToFileURL(join(PKG, 'dist', 'node-bundle', 'chunked.js')).href;
const kit = { ...main, ...(await import(chunkedUrl)) };
const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const params = { credentials, region: 'us-east-1', service: 's3', signingDate: new Date('2024-01-01T00:00:00Z') };
const POOL = Array.from({ length: 8 }, () => new Uint8Array(randomBytes(65_536)));
function* source(total) {
  for (let sent = 0, i = 0; sent < total; i++, sent += 65_536) yield POOL[i % POOL.length].subarray(0, Math.min(65_536, total - sent));
}

async function upload(total, offload) {
  const headers = kit.chunkedUploadHeaders({ decodedContentLength: total, checksum: CHECKSUM });
  const seed = kit.signRequest({ method: 'PUT', url: 'https://bucket.s3.us-east-1.amazonaws.com/key', headers }, params);
  const t0 = performance.now();
  for await (const _ of kit.encodeChunkedBody(source(total), seed, { credentials, offload }));
  return performance.now() - t0;
}

if (args.child) {
  // One fresh process: after uploads of 2 MiB in its thread (JIT warm), one upload of the size, with the
  // default choice (which starts the worker) or in its thread. A process's first big upload also finishes
  // compiling the encoder's code, so it is compared with another process's first, not with a later one.
  for (let i = 0; i < 3; i++) await upload(2 * MIB, false);
  console.log(JSON.stringify(await upload(Number(args.child) * MIB, args.mode === 'thread' ? false : undefined)));
  process.exit(0);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
await upload(64 * MIB, true); // starts and warms the worker
await upload(64 * MIB, false);
console.log(`${CHECKSUM} trailer, signed, 64 KiB chunks: ms per upload, median of ${ROUNDS} alternating rounds (Node ${process.version}, load ${loadavg()[0].toFixed(2)})`);
console.log('size      in thread   on the worker (warm)   speed-up');
for (const mib of [1, 2, 4, 8, 16, 64, 256]) {
  const [thread, worker] = [[], []];
  for (let r = 0; r < ROUNDS; r++) {
    thread.push(await upload(mib * MIB, false));
    worker.push(await upload(mib * MIB, true));
  }
  const [a, b] = [median(thread), median(worker)];
  console.log(`${String(mib).padStart(4)} MiB  ${a.toFixed(2).padStart(9)}   ${b.toFixed(2).padStart(20)}   ${(a / b).toFixed(2)}x`);
}
console.log('first big upload of a fresh process, ms (median of 7 processes each, alternating):');
for (const mib of [8, 64, 256, 1024]) {
  const child = (mode) => JSON.parse(execFileSync(process.execPath, [new URL(import.meta.url).pathname, `--child=${mib}`, `--mode=${mode}`, `--checksum=${CHECKSUM}`], { encoding: 'utf8' }));
  const [first, thread] = [[], []];
  for (let i = 0; i < 7; i++) {
    first.push(child('default'));
    thread.push(child('thread'));
  }
  const [a, b] = [median(thread), median(first)];
  console.log(`${String(mib).padStart(4)} MiB  in its thread ${a.toFixed(2)}, default ${b.toFixed(2)}: ${(a / b).toFixed(2)}x${mib * MIB >= 256 * MIB ? ' (the default starts the worker)' : ' (the default stays in the thread)'}`);
}
