// Trial (issue 18): the trailer checksum on a worker thread while the main thread hashes and signs the
// chunks. Kept as a bench only: it is adopted if it beats the in-thread checksum end to end.
//   node bench/checksumWorker.mjs [--mib=256] [--rounds=3]
// Each 64 KiB chunk is copied into a 1 MiB batch that is transferred to the worker (a message per chunk
// costs as much as hashing it); the worker runs sigv4-kit's CRC32C; the trailer waits for its answer.
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { buildPackage, PKG } from './build.mjs';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')).map(([k, v]) => [k, v ?? true]));
const TOTAL = Number(args.mib ?? 256) * 1024 * 1024;
const ROUNDS = Number(args.rounds ?? 3);
const CHUNK = 65_536;
const main = await import(await buildPackage());
// aws-chunked is an entry of its own (issue 13), built beside the main one.
const kit = { ...main, ...(await import(pathToFileURL(join(PKG, 'dist', 'node-bundle', 'chunked.js')).href)) };
const crcUrl = pathToFileURL(join(PKG, 'dist/crypto/crc32.js')).href;
const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const params = { credentials, region: 'us-east-1', service: 's3', signingDate: new Date('2024-01-01T00:00:00Z') };
const POOL = Array.from({ length: 8 }, () => new Uint8Array(randomBytes(CHUNK)));
function* source(total) {
  for (let sent = 0, i = 0; sent < total; i++, sent += CHUNK) yield POOL[i % POOL.length];
}

const worker = new Worker(
  `const { parentPort } = require('node:worker_threads');
   import(${JSON.stringify(crcUrl)}).then(({ crc32Family }) => {
     const crc32c = crc32Family(0x82f63b78);
     let state = 0;
     parentPort.on('message', (m) => {
       if (m === 'end') { parentPort.postMessage(state); state = 0; return; }
       state = crc32c(state, new Uint8Array(m));
     });
     parentPort.postMessage('ready');
   });`,
  { eval: true },
);
await new Promise((resolve) => worker.once('message', resolve));

async function run(total, mode) {
  const headers = kit.chunkedUploadHeaders({ decodedContentLength: total, ...(mode === 'none' ? {} : { checksum: 'CRC32C' }) });
  const seed = kit.signRequest({ method: 'PUT', url: 'https://bucket.s3.us-east-1.amazonaws.com/key', headers }, params);
  const t0 = performance.now();
  if (mode === 'worker') {
    // The chunks (signed, no trailer) on this thread; the CRC32C of the same bytes on the worker.
    const plain = kit.signRequest({ method: 'PUT', url: 'https://bucket.s3.us-east-1.amazonaws.com/key', headers: kit.chunkedUploadHeaders({ decodedContentLength: total }) }, params);
    let batch = new Uint8Array(16 * CHUNK);
    let filled = 0;
    const tee = function* () {
      for (const piece of source(total)) {
        batch.set(piece, filled);
        filled += piece.length;
        if (filled === batch.length) {
          worker.postMessage(batch.buffer, [batch.buffer]);
          [batch, filled] = [new Uint8Array(16 * CHUNK), 0];
        }
        yield piece;
      }
      if (filled > 0) worker.postMessage(batch.slice(0, filled).buffer);
    };
    for await (const _ of kit.encodeChunkedBody(tee(), plain, { credentials }));
    const answer = new Promise((resolve) => worker.once('message', resolve));
    worker.postMessage('end');
    await answer;
  } else {
    for await (const _ of kit.encodeChunkedBody(source(total), seed, { credentials }));
  }
  return total / ((performance.now() - t0) / 1000) / 1e9;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
await run(32 * CHUNK, 'thread');
await run(32 * CHUNK, 'worker');
const rates = { none: [], thread: [], worker: [] };
for (let r = 0; r < ROUNDS; r++) for (const mode of Object.keys(rates)) rates[mode].push(await run(TOTAL, mode));
console.log(`checksum on a worker thread, ${TOTAL / 1024 / 1024} MiB, 64 KiB chunks, median of ${ROUNDS} (load ${loadavg()[0].toFixed(2)}):`);
console.log(`signed, no trailer                      ${median(rates.none).toFixed(2)} GB/s`);
console.log(`signed + CRC32C, same thread             ${median(rates.thread).toFixed(2)} GB/s`);
console.log(`signed + CRC32C on a worker (1 MiB batches) ${median(rates.worker).toFixed(2)} GB/s`);
await worker.terminate();
