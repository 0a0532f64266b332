/**
 * Trailer CRCs on a worker thread (chunked/offload.node.ts, issue 18): the trailer equals the AWS SDK's own
 * CRC of the body (@aws-crypto/crc32, @aws-crypto/crc32c, @aws-sdk/crc64-nvme) whether the worker takes over
 * mid-stream, dies mid-stream, or never starts; the body is byte for byte the in-thread one; the worker
 * never holds a process open; the Node bundle finds its worker script. The worker runs dist/ (a worker
 * thread cannot load TypeScript): built here when older than src/ (test/cli/bin.ts, ensureBuilt).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as zlib from 'node:zlib';
import { AwsCrc32 } from '@aws-crypto/crc32';
import { AwsCrc32c } from '@aws-crypto/crc32c';
import { Crc64Nvme } from '@aws-sdk/crc64-nvme';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { InvalidRequestError, signRequest, type SigningParams } from '../../src/index.js';
import { type CrcAlgorithm } from '../../src/chunked/checksum.js';
import { encodeChunkedBody, encodeChunkedBodyWith } from '../../src/chunked/encode.js';
import { chunkedUploadHeaders } from '../../src/chunked/layout.js';
import { ChecksumWorker, OFFLOAD_MIN_BYTES, OFFLOAD_START_BYTES, trailerChecksum } from '../../src/chunked/offload.node.js';
import { ensureBuilt } from '../cli/bin.js';
import { captureError } from '../support/errors.js';

const ROOT = join(import.meta.dirname, '../..');
const WORKER = pathToFileURL(join(ROOT, 'dist/chunked/checksumWorker.js'));
const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const params: SigningParams = { credentials, region: 'us-east-1', service: 's3', signingDate: new Date('2024-05-06T07:08:09Z') };
const url = 'https://bucket.s3.us-east-1.amazonaws.com/key.bin';
const CRCS: readonly CrcAlgorithm[] = ['CRC32', 'CRC32C', 'CRC64NVME'];
const MIB = 1024 * 1024;

/** Object bytes: byte i is (i * 7 + 3) mod 251, a pattern with no period that divides a slot. */
const objectBytes = (size: number): Uint8Array => Uint8Array.from({ length: size }, (_, i) => (i * 7 + 3) % 251);
const BODY = objectBytes(9 * 1024 * 1024 + 12_345);

/** The AWS SDK's CRC of `data`, base64: the expected trailer value. */
async function sdkCrc(algorithm: CrcAlgorithm, data: Uint8Array): Promise<string> {
  const hash = algorithm === 'CRC32' ? new AwsCrc32() : algorithm === 'CRC32C' ? new AwsCrc32c() : new Crc64Nvme();
  hash.update(data);
  return Buffer.from(await hash.digest()).toString('base64');
}

const expected = new Map<CrcAlgorithm, string>();

function seedFor(checksum: CrcAlgorithm, size: number) {
  return signRequest({ method: 'PUT', url, headers: chunkedUploadHeaders({ decodedContentLength: size, checksum }) }, params);
}

async function collect(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of body) parts.push(part);
  return Buffer.concat(parts);
}

/** The trailer line's value. */
function trailerValue(wire: Buffer, algorithm: CrcAlgorithm): string | undefined {
  const match = new RegExp(`\\r\\nx-amz-checksum-${algorithm.toLowerCase()}:([A-Za-z0-9+/=]+)\\r\\n`).exec(wire.subarray(wire.length - 400).toString('latin1'));
  return match?.[1];
}

/** Pieces of odd sizes (every slot and chunk boundary falls inside one); `pause(i)` runs before piece i. */
async function* pieces(data: Uint8Array, pause?: (i: number) => Promise<void>): AsyncGenerator<Uint8Array> {
  for (let at = 0, i = 0; at < data.length; i++) {
    await pause?.(i);
    const size = Math.min(1_000_003, data.length - at);
    yield data.subarray(at, at + size);
    at += size;
  }
}

const until = async (condition: () => boolean): Promise<void> => {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
};

beforeAll(async () => {
  ensureBuilt();
  for (const algorithm of CRCS) expected.set(algorithm, await sdkCrc(algorithm, BODY));
}, 300_000);

describe('a CRC trailer on a worker thread', () => {
  const pools: ChecksumWorker[] = [];
  const freshPool = (workerUrl: URL = WORKER): ChecksumWorker => {
    const pool = new ChecksumWorker(workerUrl);
    pools.push(pool);
    return pool;
  };
  afterAll(async () => {
    for (const pool of pools) await pool.terminate();
  });

  it.each(CRCS)('%s: the worker takes over mid-stream; the trailer is the AWS SDK\'s CRC and the body the in-thread one, byte for byte', async (algorithm) => {
    const pool = freshPool();
    const sent = vi.spyOn(pool, 'data');
    const seed = seedFor(algorithm, BODY.length);
    // Two pieces counted in this thread, then the worker is waited for: the handover lands 2,000,006 bytes in.
    const source = pieces(BODY, async (i) => (i === 2 ? until(() => pool.ready()) : undefined));
    const wire = await collect(encodeChunkedBodyWith(source, seed, { credentials }, (p) => trailerChecksum(algorithm, { decodedLength: p.decodedLength, chunkSize: p.layout.chunkSize, offload: true }, pool)));
    expect(sent.mock.calls.length).toBeGreaterThanOrEqual(7); // 7,437,648 bytes after the handover: 7 full 1 MiB slots and a partial one
    expect(trailerValue(wire, algorithm)).toBe(expected.get(algorithm));
    const inThread = await collect(encodeChunkedBody(pieces(BODY), seed, { credentials, offload: false }));
    expect(wire.equals(inThread)).toBe(true);
  });

  it('3 MiB chunks (a chunk spans several 1 MiB slots; the ring holds a chunk and 2 slots more): the AWS SDK\'s CRC32C', async () => {
    const pool = freshPool();
    await until(() => pool.ready());
    const chunkSize = 3 * 1024 * 1024;
    const seed = signRequest({ method: 'PUT', url, headers: chunkedUploadHeaders({ decodedContentLength: BODY.length, checksum: 'CRC32C', chunkSize }) }, params);
    const sent = vi.spyOn(pool, 'data');
    const wire = await collect(encodeChunkedBodyWith(pieces(BODY), seed, { credentials, chunkSize }, (p) => trailerChecksum('CRC32C', { decodedLength: p.decodedLength, chunkSize: p.layout.chunkSize, offload: true }, pool)));
    expect(sent).toHaveBeenCalledTimes(10); // 9 MiB + 12,345 bytes: 9 full slots and the last part
    expect(trailerValue(wire, 'CRC32C')).toBe(expected.get('CRC32C'));
  });

  it('a worker stopped mid-stream (terminate): the upload goes on in this thread from the last answered CRC, and the trailer is still right', async () => {
    const pool = freshPool();
    const sent = vi.spyOn(pool, 'data');
    const seed = seedFor('CRC64NVME', BODY.length);
    await until(() => pool.ready());
    // The worker is stopped after 4 pieces (3 slots posted, some perhaps unanswered): the rest goes on here.
    const source = pieces(BODY, async (i) => (i === 4 ? pool.terminate() : undefined));
    const wire = await collect(encodeChunkedBodyWith(source, seed, { credentials }, (p) => trailerChecksum('CRC64NVME', { decodedLength: p.decodedLength, chunkSize: p.layout.chunkSize, offload: true }, pool)));
    expect(sent.mock.calls.length).toBeGreaterThanOrEqual(3);
    expect(trailerValue(wire, 'CRC64NVME')).toBe(expected.get('CRC64NVME'));
  });

  it('a worker that dies with slots unanswered: those slots and the one being filled are counted in this thread from the handover CRC', async () => {
    // A stand-in worker that answers nothing and exits on the third slot: every slot it got is still owed.
    const dying = new URL(`data:text/javascript,${encodeURIComponent(`
      import { parentPort, workerData } from 'node:worker_threads';
      let slots = 0;
      parentPort.on('message', (m) => { if (m.op === 'data' && ++slots === 3) process.exit(1); });
      workerData.port.postMessage({ op: 'ready' });`)}`);
    const pool = freshPool(dying);
    const sent = vi.spyOn(pool, 'data');
    await until(() => pool.ready());
    const wire = await collect(encodeChunkedBodyWith(pieces(BODY), seedFor('CRC32C', BODY.length), { credentials }, (p) => trailerChecksum('CRC32C', { decodedLength: p.decodedLength, chunkSize: p.layout.chunkSize, offload: true }, pool)));
    expect(sent).toHaveBeenCalledTimes(3);
    expect(trailerValue(wire, 'CRC32C')).toBe(expected.get('CRC32C'));
  });

  it('a worker that cannot start (its script missing): counted in this thread, and no later upload tries it again', async () => {
    const pool = freshPool(pathToFileURL(join(ROOT, 'dist/chunked/no-such-worker.js')));
    const make = (p: { decodedLength: number; layout: { chunkSize: number } }) => trailerChecksum('CRC32C', { decodedLength: p.decodedLength, chunkSize: p.layout.chunkSize, offload: true }, pool);
    const wire = await collect(encodeChunkedBodyWith(pieces(BODY, async () => new Promise((resolve) => setTimeout(resolve, 20))), seedFor('CRC32C', BODY.length), { credentials }, make));
    expect(trailerValue(wire, 'CRC32C')).toBe(expected.get('CRC32C'));
    expect(pool.usable).toBe(false);
    // Computed in this thread from the start: a plain checksum, with none of the worker's hooks.
    expect(make({ decodedLength: BODY.length, layout: { chunkSize: 65_536 } }).settle).toBeUndefined();
  });

  it('an upload stopped early releases its stream, and the worker then no longer holds the process', async () => {
    const pool = freshPool();
    await until(() => pool.ready());
    const closed = vi.spyOn(pool, 'close');
    const body = encodeChunkedBodyWith(pieces(BODY), seedFor('CRC32', BODY.length), { credentials }, (p) => trailerChecksum('CRC32', { decodedLength: p.decodedLength, chunkSize: p.layout.chunkSize, offload: true }, pool));
    let frames = 0;
    for await (const _ of body) if (++frames === 200) break;
    expect(closed).toHaveBeenCalledTimes(1);
  });

  it('which checksums go to the worker: CRC32C and CRC64NVME of 4 MiB or more by default (CRC32 where zlib.crc32 is missing), any CRC with offload: true, never SHA-1/SHA-256 or with offload: false', async () => {
    const pool = freshPool();
    pool.ready(); // running: the default no longer waits for a body worth starting it
    const onWorker = (algorithm: 'CRC32' | 'CRC32C' | 'CRC64NVME' | 'SHA256', decodedLength: number, offload?: boolean) =>
      trailerChecksum(algorithm, { decodedLength, chunkSize: 65_536, offload }, pool).settle !== undefined;
    expect(onWorker('CRC64NVME', OFFLOAD_MIN_BYTES)).toBe(true);
    expect(onWorker('CRC32C', OFFLOAD_MIN_BYTES)).toBe(true);
    expect(onWorker('CRC64NVME', OFFLOAD_MIN_BYTES - 1)).toBe(false);
    expect(onWorker('CRC32', OFFLOAD_MIN_BYTES * 4)).toBe(typeof (zlib as { crc32?: unknown }).crc32 !== 'function');
    expect(onWorker('CRC32', 1000, true)).toBe(true);
    expect(onWorker('CRC32', OFFLOAD_MIN_BYTES * 4, false)).toBe(false);
    expect(onWorker('SHA256', OFFLOAD_MIN_BYTES * 4, true)).toBe(false);
  });

  it('by default the worker starts for a body of 256 MiB, or once 256 MiB of bodies went through this thread; offload: true starts it at once', () => {
    const onWorker = (pool: ChecksumWorker, decodedLength: number, offload?: boolean) =>
      trailerChecksum('CRC64NVME', { decodedLength, chunkSize: 65_536, offload }, pool).settle !== undefined;
    const started = (pool: ChecksumWorker) => vi.spyOn(pool, 'ready');
    const big = freshPool();
    const bigStarts = started(big);
    expect(onWorker(big, OFFLOAD_START_BYTES)).toBe(true);
    expect(bigStarts).toHaveBeenCalled();
    const many = freshPool();
    const manyStarts = started(many);
    for (let sent = 0; sent + 64 * MIB < OFFLOAD_START_BYTES; sent += 64 * MIB) expect(onWorker(many, 64 * MIB)).toBe(false);
    expect(manyStarts).not.toHaveBeenCalled(); // three 64 MiB bodies in this thread, no thread started
    expect(onWorker(many, 64 * MIB)).toBe(true); // the fourth reaches 256 MiB
    expect(onWorker(many, OFFLOAD_MIN_BYTES)).toBe(true); // and from then on, any body of 4 MiB or more
    const explicit = freshPool();
    expect(onWorker(explicit, 1000, true)).toBe(true);
  });

  it('offload that is not a boolean is refused with INVALID_OPTION, before any byte is read', () => {
    const error = captureError(() => encodeChunkedBody(pieces(BODY), seedFor('CRC32', BODY.length), { credentials, offload: 'yes' as unknown as boolean }));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).code).toBe('INVALID_OPTION');
    expect((error as Error).message).toMatch(/offload must be true, false or left out/);
  });
});

describe('the Node bundle (dist/node-bundle/chunked.js) starts its worker by default for 256 MiB, and exits when done', () => {
  // A child process, so the thread count is its own: /proc/self/task lists each thread (Linux). The body is
  // one 64 KiB block of (i * 7 + 3) mod 251 repeated: 256 MiB without holding them.
  const SIZE = OFFLOAD_START_BYTES;
  const block = objectBytes(65_536);
  const script = (offload: string) => `
import { readdirSync } from 'node:fs';
import { signRequest } from ${JSON.stringify(pathToFileURL(join(ROOT, 'dist/node-bundle/index.js')).href)};
import { chunkedUploadHeaders, encodeChunkedBody } from ${JSON.stringify(pathToFileURL(join(ROOT, 'dist/node-bundle/chunked.js')).href)};
const size = ${SIZE};
const block = new Uint8Array(65536).map((_, i) => (i * 7 + 3) % 251);
const credentials = ${JSON.stringify(credentials)};
const seed = signRequest({ method: 'PUT', url: ${JSON.stringify(url)}, headers: chunkedUploadHeaders({ decodedContentLength: size, checksum: 'CRC64NVME' }) }, { credentials, region: 'us-east-1', service: 's3', signingDate: new Date('2024-05-06T07:08:09Z') });
const threads = () => readdirSync('/proc/self/task').length;
const before = threads();
async function* source() { for (let at = 0; at < size; at += 65536) { if (at % (1 << 20) === 0) await new Promise((r) => setImmediate(r)); yield block; } }
let tail = '';
for await (const frame of encodeChunkedBody(source(), seed, { credentials${offload} })) tail = Buffer.from(frame).toString('latin1');
console.log(JSON.stringify({ added: threads() - before, trailer: /x-amz-checksum-crc64nvme:(\\S+)/.exec(tail)?.[1] }));`;
  const run = (offload: string): { added: number; trailer: string } =>
    JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script(offload)], { encoding: 'utf8', timeout: 60_000 })) as { added: number; trailer: string };

  it.runIf(process.platform === 'linux')('by default: one thread more, the AWS SDK\'s CRC64NVME, and the process exits on its own (the worker never holds it); offload: false: no thread', async () => {
    const sdk = new Crc64Nvme();
    for (let at = 0; at < SIZE; at += block.length) sdk.update(block);
    const want = Buffer.from(await sdk.digest()).toString('base64');
    expect(run('')).toEqual({ added: 1, trailer: want });
    expect(run(', offload: false')).toEqual({ added: 0, trailer: want });
  }, 120_000);
});
