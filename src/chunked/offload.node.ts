/**
 * Trailer CRCs on a worker thread (issue 18). The chunk signatures hash every byte on the encoder's
 * thread, and a CRC in the same thread adds its own pass: with a CRC64NVME trailer an upload ran at about
 * 48 % of raw SHA-256, CRC32C 53 %. On a second CPU the CRC runs beside the hashing: 73-80 % (bench/streaming.mjs,
 * "on a worker"; BENCHMARKS.md, "CRC trailers on a worker thread").
 *
 * How:
 * - One worker thread per process, shared by every upload (unref'd while no upload uses it, so it never
 *   keeps a process alive). It is started by a body of 256 MiB or more, or once 256 MiB of smaller ones
 *   went through the encoder's thread: starting it costs the upload that does so (see OFFLOAD_START_BYTES),
 *   and a process that sends one 8 MiB file would pay that and gain nothing.
 * - The encoder starts the CRC in its own thread and hands the running state over once the worker is
 *   ready: a CRC's whole state is one number, so the first upload never waits ~60 ms for a thread to start.
 * - Each upload copies its bytes into a ring of 1 MiB slots in a SharedArrayBuffer and posts a message
 *   per full slot (a message per 64 KiB chunk costs as much as hashing it); the worker answers each slot
 *   with the CRC after it. Bounded memory: 4 slots, or a chunk's worth and 2 more for chunks over 2 MiB;
 *   the encoder waits for room for a whole chunk before each one.
 * - Should the worker fail or exit, the bytes of the slots it did not answer are still in the ring: the
 *   encoder counts them itself from the last answered CRC and goes on in its own thread. A worker that
 *   cannot start (its file missing, as in an application bundle that did not copy it) is not tried again.
 * - Only the CRCs: SHA-1 / SHA-256 have no state that can move between threads.
 */
import { availableParallelism } from 'node:os';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import {
  type ChecksumAlgorithm,
  checksumHeaderName,
  createChecksum,
  type CrcAlgorithm,
  crcDigest,
  type CrcState,
  type CrcStep,
  crcStep,
  isCrc,
} from './checksum.js';
import { crc32IsNative } from './checksum.node.js';
import type { TrailerChecksum, TrailerRequest } from './offload.js';

/** Bodies of this size or more go to a running worker unless the caller says otherwise (below it, 2 MiB gained 1.05x). */
export const OFFLOAD_MIN_BYTES = 4 * 1024 * 1024;
/**
 * The worker is started for a body of this size, or once the process's bodies that would have gone to it add
 * up to it. Measured on 2 CPUs (bench/offload.mjs): a warm worker makes an upload 1.24x faster at 4 MiB and
 * 1.55x at 64 MiB, but the upload that starts it ran at 0.7x from 8 to 64 MiB (the thread's start competes
 * with V8's compiler threads while the process is young) and broke even at 256 MiB.
 */
export const OFFLOAD_START_BYTES = 256 * 1024 * 1024;
const SLOT = 1024 * 1024;
const MIN_SLOTS = 4;

/** Messages to the worker (src/chunked/checksumWorker.ts reads them). */
export type ToWorker =
  | { readonly op: 'open'; readonly id: number; readonly algorithm: CrcAlgorithm; readonly lo: number; readonly hi: number; readonly ring: SharedArrayBuffer; readonly slotSize: number }
  | { readonly op: 'data'; readonly id: number; readonly slot: number; readonly length: number }
  | { readonly op: 'close'; readonly id: number };

/** Messages from the worker. */
export type FromWorker = { readonly op: 'ready' } | { readonly op: 'ack'; readonly id: number; readonly slot: number; readonly lo: number; readonly hi: number };

/** The worker script, next to this module in dist/chunked/, or one folder over from the Node bundle's chunks (dist/node-bundle/). */
const WORKER_PATH = '../chunked/checksumWorker.js';

/** One worker thread that computes the CRCs of any number of uploads, each its own stream of slots. */
export class ChecksumWorker {
  readonly #url: URL;
  #worker: Worker | undefined;
  // The worker answers on this port. Besides its 'message' events it is read synchronously (drain): an encoder
  // fed by a synchronous source runs in one macrotask, and would otherwise never see the worker become ready.
  #port: MessagePort | undefined;
  #ready = false;
  // Set when the worker failed before it was ever ready: it would fail again.
  #broken = false;
  // Bytes of the bodies that would have gone to a worker had it run (OFFLOAD_START_BYTES).
  #volume = 0;
  readonly #streams = new Map<number, OffloadedCrc>();
  #nextId = 1;
  // Rings of finished uploads, for the next ones: a fresh 4 MiB SharedArrayBuffer costs its page faults on
  // first touch, which made a warm 1 MiB upload 2.5 ms slower. A closed stream's slots may still be read by
  // the worker for a moment; what it computes from them then goes to nobody, so reuse is safe.
  readonly #rings: SharedArrayBuffer[] = [];

  /** `url`: the worker script (dist/chunked/checksumWorker.js). */
  constructor(url: URL) {
    this.#url = url;
  }

  /** Whether the worker answers now; starts it when it does not run yet. False for good once it cannot start. */
  ready(): boolean {
    if (!this.#ready && !this.#broken) {
      this.#start();
      this.drain();
    }
    return this.#ready;
  }

  /** Takes the worker's answers that are waiting, now. */
  drain(): void {
    const port = this.#port;
    if (port === undefined) return;
    for (let next = receiveMessageOnPort(port); next !== undefined; next = receiveMessageOnPort(port)) this.#answer(next.message as FromWorker);
  }

  #answer(message: FromWorker): void {
    if (message.op === 'ready') this.#ready = true;
    else this.#streams.get(message.id)?.acked(message.slot, message.lo, message.hi);
  }

  /** False once the worker has shown it cannot start. */
  get usable(): boolean {
    return !this.#broken;
  }

  /**
   * Whether a body of `bytes` should use the worker by default: yes once it runs, else only when it is
   * worth starting (the body, or the bodies so far with it, reach {@link OFFLOAD_START_BYTES}).
   */
  admit(bytes: number): boolean {
    if (this.#worker !== undefined) return true;
    this.#volume += bytes;
    return bytes >= OFFLOAD_START_BYTES || this.#volume >= OFFLOAD_START_BYTES;
  }

  #start(): void {
    if (this.#worker !== undefined) return;
    let worker: Worker;
    const { port1, port2 } = new MessageChannel();
    try {
      // execArgv []: none of the application's flags. Its `--conditions` could point our '#imports' at other
      // files (this repository's tests run with one that names the TypeScript sources), and its `--import`
      // hooks and loaders have no business in a thread that only computes CRCs.
      worker = new Worker(this.#url, { name: 'sigv4-kit checksum', workerData: { port: port2 }, transferList: [port2], execArgv: [] });
    } catch {
      port1.close();
      this.#broken = true;
      return;
    }
    worker.unref();
    port1.on('message', (message: FromWorker) => this.#answer(message));
    port1.unref();
    this.#port = port1;
    // 'error' comes before 'exit' when the worker throws; either way its streams go on in their own thread.
    const gone = (): void => {
      if (this.#worker !== worker) return;
      if (!this.#ready) this.#broken = true;
      this.#worker = undefined;
      this.#port?.close();
      this.#port = undefined;
      this.#ready = false;
      const orphans = [...this.#streams.values()];
      this.#streams.clear();
      for (const stream of orphans) stream.lost();
    };
    worker.on('error', gone);
    worker.on('exit', gone);
    this.#worker = worker;
  }

  /** Registers a stream and sends it the CRC so far and its ring. */
  open(stream: OffloadedCrc, algorithm: CrcAlgorithm, state: CrcState, ring: SharedArrayBuffer, slotSize: number): number {
    const worker = this.#worker as Worker;
    const id = this.#nextId++;
    this.#streams.set(id, stream);
    if (this.#streams.size === 1) {
      worker.ref();
      this.#port?.ref();
    }
    this.#post({ op: 'open', id, algorithm, lo: state[0]!, hi: state[1]!, ring, slotSize });
    return id;
  }

  /** Slot `slot` of stream `id` holds `length` new bytes. */
  data(id: number, slot: number, length: number): void {
    this.#post({ op: 'data', id, slot, length });
  }

  /** Stream `id` is done (or abandoned). */
  close(id: number): void {
    if (!this.#streams.delete(id)) return;
    this.#post({ op: 'close', id });
    if (this.#streams.size === 0) {
      this.#worker?.unref();
      this.#port?.unref();
    }
  }

  /** A ring of `bytes` bytes, reused if one is free. */
  takeRing(bytes: number): SharedArrayBuffer {
    const i = this.#rings.findIndex((ring) => ring.byteLength === bytes);
    return i < 0 ? new SharedArrayBuffer(bytes) : this.#rings.splice(i, 1)[0]!;
  }

  /** A ring back for reuse (at most 4 are kept). */
  giveRing(ring: SharedArrayBuffer): void {
    if (this.#rings.length < 4) this.#rings.push(ring);
  }

  /** Stops the worker thread (tests; a process need not call it: the worker never holds it open when idle). */
  async terminate(): Promise<void> {
    const worker = this.#worker;
    if (worker !== undefined) await worker.terminate();
  }

  #post(message: ToWorker): void {
    this.#worker?.postMessage(message);
  }
}

/**
 * A CRC trailer checksum computed in this thread until the worker is ready, then on the worker. `update` is
 * synchronous, as the encoder calls it inside a chunk; `room` keeps a free slot for the next chunk.
 */
class OffloadedCrc implements TrailerChecksum {
  readonly algorithm: CrcAlgorithm;
  readonly headerName: string;
  readonly #pool: ChecksumWorker;
  readonly #step: CrcStep;
  readonly #state: CrcState = new Int32Array(2);
  readonly #slotSize = SLOT;
  readonly #slots: number;
  // Slots a chunk can reach beyond the one being filled.
  readonly #need: number;
  // 0: counting in this thread (the worker not yet ready, or gone); > 0: the worker's stream id; -1: closed.
  #id = 0;
  #ring: Uint8Array | undefined;
  #slot = 0;
  #filled = 0;
  // Posted slots the worker has not answered, oldest first; their lengths by slot.
  readonly #pending: number[] = [];
  readonly #lengths: Int32Array;
  #wake: (() => void) | undefined;
  #offloadable = true;

  constructor(pool: ChecksumWorker, algorithm: CrcAlgorithm, chunkSize: number) {
    this.#pool = pool;
    this.algorithm = algorithm;
    this.headerName = checksumHeaderName(algorithm);
    this.#step = crcStep(algorithm);
    this.#need = Math.ceil(chunkSize / SLOT);
    this.#slots = Math.max(MIN_SLOTS, this.#need + 2);
    this.#lengths = new Int32Array(this.#slots);
  }

  update(data: Uint8Array): void {
    if (this.#id === 0) {
      if (!this.#offloadable || !this.#pool.ready()) return this.#step(this.#state, data);
      this.#open();
    }
    if (this.#id < 0) throw new Error('sigv4-kit: checksum updated after it was closed');
    const ring = this.#ring as Uint8Array;
    for (let at = 0; at < data.length; ) {
      // room() kept a chunk's worth of slots free after this one: this never overwrites a posted slot.
      const take = Math.min(this.#slotSize - this.#filled, data.length - at);
      ring.set(take === data.length ? data : data.subarray(at, at + take), this.#slot * this.#slotSize + this.#filled);
      this.#filled += take;
      at += take;
      if (this.#filled === this.#slotSize) this.#post();
    }
  }

  room(): Promise<void> | undefined {
    if (this.#id <= 0) return undefined;
    if (!this.#roomy()) this.#pool.drain();
    if (this.#roomy()) return undefined;
    return this.#until(() => this.#roomy());
  }

  /** Resolves once `done()` holds, or the worker is gone (the stream then goes on in this thread). */
  async #until(done: () => boolean): Promise<void> {
    while (this.#id > 0 && !done()) await new Promise<void>((resolve) => (this.#wake = resolve));
  }

  async settle(): Promise<void> {
    if (this.#id <= 0) return;
    if (this.#filled > 0) this.#post();
    this.#pool.drain();
    await this.#until(() => this.#pending.length === 0);
    this.close();
  }

  digest(): string {
    if (this.#id > 0) throw new Error('sigv4-kit: a trailer checksum on the worker is read before settle()');
    return crcDigest(this.algorithm, this.#state);
  }

  close(): void {
    if (this.#id > 0) {
      this.#pool.close(this.#id);
      this.#pool.giveRing(this.#ring!.buffer as SharedArrayBuffer);
    }
    this.#id = -1;
    this.#ring = undefined;
  }

  /** The worker answered slot `slot`: the CRC after it. */
  acked(slot: number, lo: number, hi: number): void {
    if (this.#pending[0] !== slot) return;
    this.#pending.shift();
    this.#state[0] = lo;
    this.#state[1] = hi;
    this.#wakeUp();
  }

  /** The worker is gone: count the slots it did not answer, and the one being filled, in this thread; go on here. */
  lost(): void {
    const ring = this.#ring;
    if (this.#id > 0 && ring !== undefined) {
      const size = this.#slotSize;
      for (const slot of this.#pending) this.#step(this.#state, ring.subarray(slot * size, slot * size + this.#lengths[slot]!));
      this.#step(this.#state, ring.subarray(this.#slot * size, this.#slot * size + this.#filled));
    }
    this.#pending.length = 0;
    this.#filled = 0;
    this.#ring = undefined;
    this.#offloadable = false;
    if (this.#id > 0) this.#id = 0;
    this.#wakeUp();
  }

  #open(): void {
    const ring = this.#pool.takeRing(this.#slots * this.#slotSize);
    this.#ring = new Uint8Array(ring);
    this.#id = this.#pool.open(this, this.algorithm, this.#state, ring, this.#slotSize);
  }

  #post(): void {
    const slot = this.#slot;
    this.#lengths[slot] = this.#filled;
    this.#pending.push(slot);
    this.#slot = (slot + 1) % this.#slots;
    this.#filled = 0;
    this.#pool.data(this.#id, slot, this.#lengths[slot]!);
  }

  /** Whether the slots after the one being filled hold a whole chunk. */
  #roomy(): boolean {
    return this.#slots - 1 - this.#pending.length >= this.#need;
  }

  #wakeUp(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}

let shared: ChecksumWorker | undefined;

// Measured (bench/streaming.mjs): signed + CRC32 ran at 70-72 % of raw SHA-256 both ways, `zlib.crc32` at over
// 5 GB/s costing about what the copy into the ring does; CRC32C and CRC64NVME went from 53 % / 48 % to 73-80 %.
const worthIt = (algorithm: CrcAlgorithm): boolean => algorithm !== 'CRC32' || !crc32IsNative;

/**
 * A fresh trailer checksum. A CRC goes to the worker thread when `offload` is true, or when it is undefined
 * and the body has {@link OFFLOAD_MIN_BYTES} or more, the machine more than one CPU, the worker runs or is
 * worth starting ({@link ChecksumWorker.admit}), and (for CRC32) the runtime lacks `zlib.crc32`; anything
 * else is computed in this thread. `pool`: another worker than the process's shared one (tests).
 */
export function trailerChecksum(algorithm: ChecksumAlgorithm, request: TrailerRequest, pool?: ChecksumWorker): TrailerChecksum {
  if (!isCrc(algorithm) || request.offload === false) return createChecksum(algorithm);
  if (request.offload === undefined && (!worthIt(algorithm) || request.decodedLength < OFFLOAD_MIN_BYTES || availableParallelism() < 2)) {
    return createChecksum(algorithm);
  }
  const worker = pool ?? (shared ??= new ChecksumWorker(new URL(WORKER_PATH, import.meta.url)));
  if (!worker.usable || (request.offload === undefined && !worker.admit(request.decodedLength))) return createChecksum(algorithm);
  worker.ready();
  return new OffloadedCrc(worker, algorithm, request.chunkSize);
}
