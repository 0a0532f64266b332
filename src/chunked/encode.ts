/**
 * The aws-chunked encoder: turns a stream of bytes into the body of an S3 streaming upload
 * (`<hex size>;chunk-signature=<sig>\r\n<data>\r\n` ..., final chunk, optional trailer). It holds
 * at most one chunk (plus the source piece it ends in) and reads the source only as fast as the
 * consumer pulls, so memory stays bounded by the chunk size whatever the object size.
 */
import { InvalidRequestError } from '../errors.js';
import { trailerChecksum } from '#offload';
import { checksumOfHeaderName, TRAILER_NAMES } from './checksum.js';
import type { TrailerChecksum } from './offload.js';
import { type ChunkKeyParams, createChunkSigner } from './signChain.js';
import { chunkedContentLength, layoutOf } from './layout.js';
import { type ByteSource, pieces } from './source.js';
import { finalChunk, frameChunk, partsHasher, type Plan } from './frame.js';

export type { ByteSource } from './source.js';
export { toReadableStream } from './source.js';

/** The signed seed request, as `signRequest` (from `sigv4-kit`) returns it (only these fields are read). */
export interface ChunkedSeed {
  readonly signature: string;
  readonly credentialScope: string;
  /** Needs `x-amz-date`, `x-amz-content-sha256` (the STREAMING-* marker), `x-amz-decoded-content-length`; `x-amz-trailer` and `content-length` are checked when present. */
  readonly headers: Readonly<Record<string, string>>;
}

/** The key material of the seed request, and the chunk size its headers were computed with. */
export interface ChunkedBodyParams extends ChunkKeyParams {
  /** Must equal the one given to {@link chunkedUploadHeaders}. Default 64 KiB. */
  readonly chunkSize?: number | undefined;
  /**
   * Node: compute a CRC32C or CRC64NVME trailer on a worker thread while this thread signs the chunks
   * (1.3x the upload speed at 4 MiB, 1.5x at 64 MiB with a free CPU; see BENCHMARKS.md). `true`: whatever
   * the body's size, CRC32 too, starting the worker if need be; `false`: never. Default, on a machine with
   * more than one CPU: bodies of 4 MiB or more once the worker runs, which it does from a body of 256 MiB,
   * or once 256 MiB of such bodies went through this thread (starting it slows the upload that does, so a
   * process sending one smaller file does not); CRC32 only where the runtime lacks `zlib.crc32` (which is
   * as fast as the copy to the worker). SHA-1 / SHA-256 trailers, and runtimes without worker threads,
   * always compute in this thread.
   */
  readonly offload?: boolean | undefined;
}

/** The plan plus how the trailer checksum is made (tests pass a worker of their own). */
type MakeTrailer = (p: Plan) => TrailerChecksum | undefined;


function header(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  if (headers[name] !== undefined) return headers[name];
  for (const key of Object.keys(headers)) if (key.toLowerCase() === name) return headers[key];
  return undefined;
}

function plan(seed: ChunkedSeed, params: ChunkedBodyParams): Plan {
  if (seed === null || typeof seed !== 'object' || seed.headers === null || typeof seed.headers !== 'object') {
    throw new InvalidRequestError('INVALID_OPTION', 'seed must be the SignedRequest of the upload');
  }
  const trailerName = header(seed.headers, 'x-amz-trailer');
  const trailer = trailerName === undefined ? undefined : checksumOfHeaderName(trailerName);
  if (trailerName !== undefined && trailer === undefined) {
    throw new InvalidRequestError('INVALID_OPTION', `x-amz-trailer must name one checksum: ${TRAILER_NAMES}`);
  }
  const layout = layoutOf(header(seed.headers, 'x-amz-content-sha256'), trailer, params?.chunkSize, params?.algorithm);
  const decoded = header(seed.headers, 'x-amz-decoded-content-length') ?? '';
  if (!/^\d{1,15}$/.test(decoded)) throw new InvalidRequestError('INVALID_OPTION', 'the seed must carry x-amz-decoded-content-length');
  const decodedLength = Number(decoded);
  const sent = header(seed.headers, 'content-length');
  if (sent !== undefined && sent !== String(chunkedContentLength(layout, decodedLength))) {
    throw new InvalidRequestError('INVALID_OPTION', `content-length ${sent} does not fit the encoded body: was it computed with another chunkSize?`);
  }
  const amzDate = header(seed.headers, 'x-amz-date') ?? '';
  // Unsigned chunks need no key: the seed request alone is signed.
  const signer = layout.algorithm === undefined
    ? undefined
    : createChunkSigner({ algorithm: params.algorithm, amzDate, scope: seed.credentialScope, seedSignature: seed.signature }, params);
  const offload = params?.offload;
  if (offload !== undefined && typeof offload !== 'boolean') throw new InvalidRequestError('INVALID_OPTION', 'offload must be true, false or left out');
  return { layout, decodedLength, signer, hash: partsHasher(params?.sha256), offload };
}

const defaultTrailer: MakeTrailer = (p) =>
  p.layout.trailer === undefined ? undefined : trailerChecksum(p.layout.trailer, { decodedLength: p.decodedLength, chunkSize: p.layout.chunkSize, offload: p.offload });

function sizeError(got: string, expected: number): InvalidRequestError {
  return new InvalidRequestError('INVALID_BODY', `the source yielded ${got} bytes, but x-amz-decoded-content-length is ${expected}`);
}

async function* encode(source: ByteSource, p: Plan, makeTrailer: MakeTrailer): AsyncGenerator<Uint8Array, void, undefined> {
  const { chunkSize } = p.layout;
  const checksum = makeTrailer(p);
  let parts: Uint8Array[] = [];
  let filled = 0;
  let total = 0;
  let lead = '';
  try {
    for await (const piece of pieces(source)) {
      if (!(piece instanceof Uint8Array)) throw new InvalidRequestError('INVALID_BODY', 'the source must yield Uint8Array chunks');
      total += piece.length;
      if (total > p.decodedLength) throw sizeError(`more than ${p.decodedLength}`, p.decodedLength);
      for (let at = 0; at < piece.length; ) {
        const take = Math.min(chunkSize - filled, piece.length - at);
        parts.push(take === piece.length ? piece : piece.subarray(at, at + take));
        filled += take;
        at += take;
        if (filled === chunkSize) {
          // A checksum on a worker thread has a bounded ring: wait for room for this chunk.
          const room = checksum?.room?.();
          if (room !== undefined) await room;
          for (const out of frameChunk(p, parts, filled, lead, checksum)) yield out;
          [parts, filled, lead] = [[], 0, '\r\n'];
        }
      }
    }
    if (total !== p.decodedLength) throw sizeError(String(total), p.decodedLength);
    if (filled > 0) {
      const room = checksum?.room?.();
      if (room !== undefined) await room;
      for (const out of frameChunk(p, parts, filled, lead, checksum)) yield out;
      lead = '\r\n';
    }
    await checksum?.settle?.();
    yield finalChunk(p, checksum, lead);
  } finally {
    checksum?.close?.();
  }
}

/**
 * Encodes `source` as the aws-chunked body of `seed`, a request signed with a STREAMING-* payload
 * hash and the headers of {@link chunkedUploadHeaders}. Options are checked now; the source is
 * read as the result is iterated. Bytes are passed through without copying where a chunk lies
 * within one source piece: as with any Node or WHATWG stream, do not reuse a piece's buffer after yielding it.
 * @example
 * const body = encodeChunkedBody(fileStream, signed, { credentials });
 * await fetch(signed.url, { method: 'PUT', headers: signed.headers, body: toReadableStream(body), duplex: 'half' });
 * @throws {InvalidRequestError} INVALID_OPTION for a seed or chunk size that does not fit; iterating
 *   rejects with INVALID_BODY when the source yields a non-Uint8Array or not exactly the declared length.
 */
export function encodeChunkedBody(source: ByteSource, seed: ChunkedSeed, params: ChunkedBodyParams): AsyncGenerator<Uint8Array, void, undefined> {
  return encodeChunkedBodyWith(source, seed, params, defaultTrailer);
}

/** {@link encodeChunkedBody} with the trailer checksum made by `makeTrailer` (tests: a worker of their own). */
export function encodeChunkedBodyWith(source: ByteSource, seed: ChunkedSeed, params: ChunkedBodyParams, makeTrailer: MakeTrailer): AsyncGenerator<Uint8Array, void, undefined> {
  const p = plan(seed, params);
  if (source === null || typeof source !== 'object' || !(Symbol.asyncIterator in source || Symbol.iterator in source || 'getReader' in source)) {
    throw new InvalidRequestError('INVALID_BODY', 'source must be a ReadableStream or an (async) iterable of Uint8Array');
  }
  return encode(source, p, makeTrailer);
}
