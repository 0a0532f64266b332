/**
 * The worker thread of chunked/offload.node.ts: the CRCs of uploads, each a ring of slots in a
 * SharedArrayBuffer. Every slot is answered with the CRC after it, so the encoder always knows how far
 * the worker got (and can finish alone should the worker go). Node only: loaded by URL, never imported.
 */
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
// checksum.node.ts by its own name, not through '#checksum': a subpath import resolves only inside the package as
// its runtime sees it (Deno, given dist/ as plain files, does not). This thread runs only on Node anyway.
import { crc32Update } from './checksum.node.js';
import { type CrcAlgorithm, type CrcState, type CrcStep, makeCrcStep } from './crcStep.js';
import type { FromWorker, ToWorker } from './offload.node.js';

interface Stream {
  readonly step: CrcStep;
  readonly state: CrcState;
  readonly ring: Uint8Array;
  readonly slotSize: number;
}

// Answers go on a port of their own, which the encoder's thread can read synchronously (offload.node.ts, drain).
const port = (workerData as { port?: MessagePort } | null)?.port;
if (port === undefined) throw new Error('sigv4-kit: checksumWorker.js runs as a worker thread (chunked/offload.node.ts starts it)');
const streams = new Map<number, Stream>();
const crcStep = (algorithm: CrcAlgorithm): CrcStep => makeCrcStep(algorithm, crc32Update);
const answer = (message: FromWorker): void => port.postMessage(message);

parentPort?.on('message', (message: ToWorker) => {
  if (message.op === 'open') {
    const { id, algorithm, lo, hi, ring, slotSize } = message;
    streams.set(id, { step: crcStep(algorithm), state: Int32Array.of(lo, hi), ring: new Uint8Array(ring), slotSize });
  } else if (message.op === 'data') {
    const stream = streams.get(message.id);
    if (stream === undefined) return;
    const at = message.slot * stream.slotSize;
    stream.step(stream.state, stream.ring.subarray(at, at + message.length));
    answer({ op: 'ack', id: message.id, slot: message.slot, lo: stream.state[0]!, hi: stream.state[1]! });
  } else {
    streams.delete(message.id);
  }
});
// Compile the CRC loops before saying ready: an upload hands its CRC over at 'ready', and a loop still in
// V8's interpreter ran the first slots so slowly that the first upload of a process waited for it (64 MiB:
// 173 ms against 113 in the encoder's thread). Aligned 64 KiB pieces, as the slots give (crypto/crc32.ts on
// first calls).
const warm = new Uint8Array(65_536);
for (const algorithm of ['CRC32C', 'CRC64NVME'] as const) {
  const step = crcStep(algorithm);
  const state = new Int32Array(2);
  for (let i = 0; i < 48; i++) step(state, warm);
}
answer({ op: 'ready' });
