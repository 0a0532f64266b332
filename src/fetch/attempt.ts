/** One signed attempt of the fetch wrapper: payload mode for streams, signing, and the `fetch` arguments. */
import { InvalidRequestError } from '../errors.js';
import type { ChecksumAlgorithm, createChecksum } from '../chunked/checksum.js';
import type { encodeChunkedBody, toReadableStream } from '../chunked/encode.js';
import type { chunkedUploadHeaders } from '../chunked/layout.js';
import { isS3Service } from '../sigv4/rules.js';
import { UNSIGNED_PAYLOAD } from '../sigv4/payloadHash.js';
import { isAsyncOnly } from '../sigv4/algorithm.js';
import { signRequest } from '../sigv4/sign.js';
import { signRequestAsync } from '../sigv4/signAsync.js';
import type { Credentials, SignedRequest, SigningParams } from '../sigv4/types.js';
import type { PreparedRequest } from './prepare.js';
import type { SigningTarget } from './target.js';

/** Signing settings passed through to {@link signRequest} unchanged. */
export type SigningOptions = Pick<
  SigningParams,
  'normalizePath' | 'uriEscapePath' | 'sessionTokenMode' | 'unsignedHeaders' | 'signedHeaders' | 'keyCache' | 'sha256' | 'algorithm' | 'contentSha256Header'
>;

/** How a streamed S3 upload is signed when no payload hash is given. */
export type S3StreamMode =
  /** aws-chunked with a signature per chunk (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD`) when the length is known, else `UNSIGNED-PAYLOAD`. */
  | 'chunked'
  /** Always `UNSIGNED-PAYLOAD`: the body is protected by TLS only. */
  | 'unsigned';

/** What one attempt needs besides the request. */
export interface AttemptParams {
  readonly target: SigningTarget;
  readonly credentials: Credentials;
  readonly signingDate: Date;
  readonly signing: SigningOptions;
  readonly s3Streaming: S3StreamMode;
  readonly chunkSize?: number | undefined;
  /** Checksum of S3 request bodies: an `x-amz-checksum-*` header for bytes, an aws-chunked trailer for streams. */
  readonly s3Checksum?: ChecksumAlgorithm | undefined;
  /** The aws-chunked encoder, loaded by the caller when the request needs it (see {@link needsChunked}). */
  readonly chunked?: ChunkedEncoder | undefined;
}

/** What an aws-chunked upload needs of `sigv4-kit/chunked`: loaded lazily, so a fetch bundle does not carry it until used. */
export interface ChunkedEncoder {
  readonly encodeChunkedBody: typeof encodeChunkedBody;
  readonly toReadableStream: typeof toReadableStream;
  readonly chunkedUploadHeaders: typeof chunkedUploadHeaders;
  readonly createChecksum: typeof createChecksum;
}

/** True when the attempt will encode the body as aws-chunked (an S3 stream without a hash, of known length). */
export function needsChunked(request: PreparedRequest, service: string, mode: S3StreamMode, checksum?: ChecksumAlgorithm): boolean {
  if (!isS3Service(service)) return false;
  // A checksum of a byte body is computed with the same module.
  if (checksum !== undefined) return true;
  if (request.stream === undefined || mode !== 'chunked' || header(request.headers, 'x-amz-content-sha256') !== undefined) return false;
  const length = header(request.headers, 'x-amz-decoded-content-length') ?? header(request.headers, 'content-length');
  return length !== undefined && /^\d+$/.test(length);
}

/** A signed attempt: the `fetch` arguments and the signature's intermediate strings. */
export interface Attempt {
  readonly url: string;
  readonly init: RequestInit;
  readonly signed: SignedRequest;
}

const header = (headers: ReadonlyArray<readonly [string, string]>, name: string): string | undefined => headers.find(([n]) => n === name)?.[1];

/**
 * Signs `request` for one attempt. A stream is never read here: it is signed with the caller's
 * payload hash, or for S3 as aws-chunked (length known) or `UNSIGNED-PAYLOAD`; other services refuse
 * an unhashed stream, since they would reject `UNSIGNED-PAYLOAD` anyway.
 * A promise only for an algorithm that signs asynchronously (see `signRequestAsync`).
 * @throws {InvalidRequestError} `INVALID_BODY` for a stream without a hash outside S3; the signer's errors.
 */
export function signAttempt(request: PreparedRequest, p: AttemptParams): Attempt | Promise<Attempt> {
  let headers = request.headers;
  let payloadHash: string | undefined;
  let chunked = false;
  const isS3 = isS3Service(p.target.service);
  // The caller's own x-amz-checksum-* header wins: never a second one.
  const checksum = isS3 && p.s3Checksum !== undefined && !headers.some(([n]) => n.startsWith('x-amz-checksum-')) ? p.s3Checksum : undefined;
  if (request.stream !== undefined && header(headers, 'x-amz-content-sha256') === undefined) {
    if (!isS3) {
      throw new InvalidRequestError(
        'INVALID_BODY',
        `a streamed body needs its SHA-256 (payloadHash or x-amz-content-sha256) for ${p.target.service}: only S3 accepts unsigned or chunk-signed streams; or pass the body as bytes`,
      );
    }
    const length = header(headers, 'x-amz-decoded-content-length') ?? header(headers, 'content-length');
    const known = length !== undefined && /^\d+$/.test(length);
    if (checksum !== undefined && !known) {
      throw new InvalidRequestError('INVALID_BODY', `s3Checksum ${checksum} on a stream needs its length: set content-length (the object's size), or pass the body as bytes`);
    }
    // A checksum travels in an aws-chunked trailer, so an 'unsigned' stream with one is aws-chunked too (unsigned chunks), as the SDKs send it.
    chunked = known && (p.s3Streaming === 'chunked' || checksum !== undefined);
    if (chunked) {
      if (p.chunked === undefined) throw new InvalidRequestError('INVALID_OPTION', 'an aws-chunked upload needs the sigv4-kit/chunked module (loaded by createSignedFetch)');
      const framing = p.chunked.chunkedUploadHeaders({
        decodedContentLength: Number(length),
        chunkSize: p.chunkSize,
        payload: p.s3Streaming === 'chunked' ? 'signed' : 'unsigned',
        checksum,
        algorithm: p.signing.algorithm,
      });
      headers = [...headers.filter(([n]) => !(n in framing)), ...Object.entries(framing)];
    } else payloadHash = UNSIGNED_PAYLOAD;
  } else if (checksum !== undefined && request.body !== undefined) {
    if (p.chunked === undefined) throw new InvalidRequestError('INVALID_OPTION', 'an S3 checksum needs the sigv4-kit/chunked module (loaded by createSignedFetch)');
    const c = p.chunked.createChecksum(checksum);
    c.update(request.body);
    headers = [...headers, [c.headerName, c.digest()]];
  }
  const toSign = { method: request.method, url: request.url, headers, body: request.body };
  const params = { ...p.signing, credentials: p.credentials, region: p.target.region, service: p.target.service, signingDate: p.signingDate, payloadHash };
  // A key that signs only asynchronously (WebCrypto x509) returns a promise; SigV4 stays synchronous.
  if (isAsyncOnly(params.algorithm)) return signRequestAsync(toSign, params).then((signed) => attemptOf(request, p, signed, chunked));
  return attemptOf(request, p, signRequest(toSign, params), chunked);
}

/** The `fetch` arguments for a signed request: its headers, and the body (aws-chunked framed when `chunked`). */
function attemptOf(request: PreparedRequest, p: AttemptParams, signed: SignedRequest, chunked: boolean): Attempt {
  // TS 5.9's DOM types want Uint8Array<ArrayBuffer>; fetch takes any view.
  let body = request.body as BodyInit | undefined;
  if (request.stream !== undefined) {
    const params = { credentials: p.credentials, keyCache: p.signing.keyCache, sha256: p.signing.sha256, chunkSize: p.chunkSize, algorithm: p.signing.algorithm };
    body = chunked && p.chunked ? p.chunked.toReadableStream(p.chunked.encodeChunkedBody(request.stream, signed, params)) : request.stream;
  }
  const init = { ...request.init, method: signed.method, headers: signed.headers, ...(body === undefined ? {} : { body }), ...(request.stream ? { duplex: 'half' } : {}) };
  return { url: signed.url, init: init as RequestInit, signed };
}
