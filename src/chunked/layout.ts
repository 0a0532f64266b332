/**
 * The aws-chunked layout: which STREAMING-* mode, what the wire looks like, and the headers that
 * describe it. Content-Length is exact before the first byte is read, because every chunk header
 * has a known length (signatures are 64 hex characters, or 144 padded ones for SigV4a).
 */
import { InvalidRequestError } from '../errors.js';
import { checkChecksumAlgorithm, type ChecksumAlgorithm, checksumHeaderName, checksumValueLength } from './checksum.js';
import { isAsyncOnly, isSigningAlgorithm, type SigningAlgorithm } from '../sigv4/algorithm.js';
import { SIGV4 } from '../sigv4/hmac.js';

/** Default chunk size: 64 KiB. */
export const DEFAULT_CHUNK_SIZE = 65_536;
/** S3's minimum for every chunk but the last: 8 KiB. */
export const MIN_CHUNK_SIZE = 8_192;
// Memory is bounded by the chunk size, so the chunk size itself is bounded.
const MAX_CHUNK_SIZE = 64 * 1024 * 1024;

/** Options of {@link chunkedUploadHeaders}; the encoder must get the same chunk size. */
export interface ChunkedUploadOptions {
  /** Size of the object itself, in bytes (`x-amz-decoded-content-length`). */
  readonly decodedContentLength: number;
  /** Bytes per chunk, at least 8 KiB. Default 64 KiB. */
  readonly chunkSize?: number | undefined;
  /** `'signed'` (default): every chunk is signed. `'unsigned'`: no chunk signatures, a checksum trailer is required. */
  readonly payload?: 'signed' | 'unsigned' | undefined;
  /** Trailing checksum, sent after the last chunk (`x-amz-trailer`). */
  readonly checksum?: ChecksumAlgorithm | undefined;
  /** Algorithm of the seed request, e.g. `sigv4a()` from `sigv4-kit/sigv4a`. Default: SigV4. */
  readonly algorithm?: SigningAlgorithm | undefined;
}

/** The resolved wire layout. */
export interface ChunkedLayout {
  /** The `x-amz-content-sha256` value. */
  readonly marker: string;
  /** The algorithm id in the marker; undefined for unsigned chunks. */
  readonly algorithm: string | undefined;
  /** 0 when chunks are unsigned. */
  readonly signatureLength: number;
  readonly trailer: ChecksumAlgorithm | undefined;
  readonly chunkSize: number;
}

const TRAILER_SIGNATURE = 'x-amz-trailer-signature:';

/**
 * The layout for an `x-amz-content-sha256` marker (the seed request's), a trailer and the seed's algorithm (default SigV4).
 * @throws {InvalidRequestError} INVALID_OPTION for a marker that is not an aws-chunked STREAMING-* one or names another algorithm,
 *   a TRAILER marker without a checksum (or the reverse), or a bad chunk size.
 */
export function layoutOf(
  marker: string | undefined,
  trailer: ChecksumAlgorithm | undefined,
  chunkSize: number = DEFAULT_CHUNK_SIZE,
  algorithm?: SigningAlgorithm,
): ChunkedLayout {
  if (typeof chunkSize !== 'number' || !Number.isInteger(chunkSize) || chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
    throw new InvalidRequestError('INVALID_OPTION', `chunkSize must be a whole number of bytes from ${MIN_CHUNK_SIZE} to ${MAX_CHUNK_SIZE}`);
  }
  const match = /^STREAMING-(?:(UNSIGNED)|([A-Z0-9]+(?:-[A-Z0-9]+)*?))-PAYLOAD(-TRAILER)?$/.exec(marker ?? '');
  if (!match || (match[1] !== undefined && match[3] === undefined)) {
    throw new InvalidRequestError('INVALID_OPTION', 'x-amz-content-sha256 must be a STREAMING-*-PAYLOAD[-TRAILER] marker for an aws-chunked body');
  }
  if ((match[3] !== undefined) !== (trailer !== undefined)) {
    throw new InvalidRequestError('INVALID_OPTION', 'a -TRAILER marker needs exactly one checksum trailer (x-amz-trailer: x-amz-checksum-*), and only it has one');
  }
  const name = match[2];
  let signatureLength = 0;
  if (name !== undefined) {
    const chosen = algorithm ?? SIGV4;
    if (chosen.name !== name) {
      throw new InvalidRequestError('INVALID_OPTION', `the marker ${marker} needs the algorithm ${name}, not ${chosen.name}: pass it as algorithm (sigv4a() from 'sigv4-kit/sigv4a' for SigV4a)`);
    }
    // HMAC-SHA256 hex, unless the algorithm pads its signatures to a fixed length.
    signatureLength = chosen.chunkSignatureLength ?? 64;
  }
  return { marker: marker as string, algorithm: name, signatureLength, trailer, chunkSize };
}

/** Bytes of one chunk frame carrying `size` data bytes (`size` 0: the final chunk line, without what follows). */
export function chunkFrameLength(layout: ChunkedLayout, size: number): number {
  const header = size.toString(16).length + (layout.signatureLength > 0 ? ';chunk-signature='.length + layout.signatureLength : 0) + 2;
  return size === 0 ? header : header + size + 2;
}

/** The encoded body's length (`content-length`) for `decodedLength` object bytes. */
export function chunkedContentLength(layout: ChunkedLayout, decodedLength: number): number {
  const full = Math.floor(decodedLength / layout.chunkSize);
  const rest = decodedLength % layout.chunkSize;
  let total = full * chunkFrameLength(layout, layout.chunkSize) + (rest > 0 ? chunkFrameLength(layout, rest) : 0) + chunkFrameLength(layout, 0);
  if (layout.trailer !== undefined) {
    total += checksumHeaderName(layout.trailer).length + 1 + checksumValueLength(layout.trailer) + 2;
    if (layout.signatureLength > 0) total += TRAILER_SIGNATURE.length + layout.signatureLength + 2;
  }
  return total + 2;
}

/**
 * Refuses an algorithm that signs only asynchronously (the portable `sigv4-kit/x509`): the chunk chain
 * signs each chunk as the body streams, synchronously, so its generic "not an algorithm" message would mislead.
 * @internal
 */
export function refuseAsyncOnly(algorithm: SigningAlgorithm | undefined): void {
  if (isAsyncOnly(algorithm)) {
    throw new InvalidRequestError('INVALID_OPTION', `aws-chunked signs every chunk synchronously, and ${algorithm!.name} here signs only asynchronously (WebCrypto): send the body with a SHA-256 or UNSIGNED-PAYLOAD through signRequestAsync, or sign the upload on Node`);
  }
}

/**
 * The headers an aws-chunked upload must send, and sign: set them on the request before signing it.
 * `x-amz-content-sha256` carries the STREAMING-* marker, which `signRequest` then uses as the payload hash.
 * @example
 * const headers = chunkedUploadHeaders({ decodedContentLength: size, checksum: 'CRC32C' });
 * const signed = signRequest({ method: 'PUT', url, headers }, { credentials, region, service: 's3' });
 * @throws {InvalidRequestError} INVALID_OPTION for a bad length, chunk size, checksum or mode.
 */
export function chunkedUploadHeaders(options: ChunkedUploadOptions): Record<string, string> {
  const { decodedContentLength: length, payload = 'signed', algorithm = SIGV4 } = options ?? ({} as ChunkedUploadOptions);
  if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0) {
    throw new InvalidRequestError('INVALID_OPTION', 'decodedContentLength must be a whole number of bytes');
  }
  refuseAsyncOnly(algorithm);
  if ((payload !== 'signed' && payload !== 'unsigned') || !isSigningAlgorithm(algorithm)) {
    throw new InvalidRequestError('INVALID_OPTION', "payload must be 'signed' or 'unsigned', algorithm a SigningAlgorithm value (sigv4a() from 'sigv4-kit/sigv4a'; omit it for SigV4)");
  }
  const trailer = options.checksum === undefined ? undefined : checkChecksumAlgorithm(options.checksum);
  const mode = payload === 'unsigned' ? 'UNSIGNED' : algorithm.name;
  const layout = layoutOf(`STREAMING-${mode}-PAYLOAD${trailer ? '-TRAILER' : ''}`, trailer, options.chunkSize, algorithm);
  return {
    'content-encoding': 'aws-chunked',
    'content-length': String(chunkedContentLength(layout, length)),
    'x-amz-content-sha256': layout.marker,
    'x-amz-decoded-content-length': String(length),
    ...(trailer === undefined ? {} : { 'x-amz-trailer': checksumHeaderName(trailer) }),
  };
}
