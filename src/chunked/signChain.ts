/**
 * aws-chunked signatures: each chunk's signature chains the previous one, starting from the seed
 * (request) signature, and a trailer signature closes the chain. SigV4 signs with the cached HMAC
 * key; SigV4a with the cached ECDSA key, its hex signature padded with `*` to 144 characters on the
 * wire (aws-c-auth) so Content-Length is known in advance.
 */
import { InvalidRequestError } from '../errors.js';
import { resolveCrypto } from '../crypto/backend.js';
import type { CryptoBackend } from '../crypto/hash.js';
import { checkCredentials } from '../sigv4/options.js';
import { EMPTY_SHA256 } from '../sigv4/payloadHash.js';
import { defaultKeyCache, deriveSigningKey, SigningKeyCache } from '../sigv4/signingKey.js';
import { ALGORITHM } from '../sigv4/stringToSign.js';
import type { Credentials, Sha256Function, SigningAlgorithm } from '../sigv4/types.js';
import { cachedSigV4aKey, SIGV4A_ALGORITHM, signSigV4aString } from '../sigv4a/algorithm.js';

/** Length of a SigV4a chunk or trailer signature on the wire (DER hex padded with `*`). */
export const SIGV4A_CHUNK_SIGNATURE_LENGTH = 144;

/** Where the chain starts: the signed seed request. */
export interface ChunkChainStart {
  readonly algorithm: SigningAlgorithm;
  /** `YYYYMMDDTHHMMSSZ` of the seed request. */
  readonly amzDate: string;
  /** The seed request's credential scope. */
  readonly scope: string;
  /** The seed request's signature. */
  readonly seedSignature: string;
}

/** Credentials and caches to sign chunks with: the ones the seed request was signed with. */
export interface ChunkKeyParams {
  readonly credentials: Credentials;
  readonly keyCache?: SigningKeyCache | undefined;
  readonly sha256?: Sha256Function | undefined;
}

/** One link of the chain. */
export interface ChunkSignature {
  readonly stringToSign: string;
  /** The signature as sent (SigV4a: padded with `*`). */
  readonly signature: string;
}

/** A signer that remembers the previous signature. */
export interface ChunkSigner {
  /** Hashes and signs one chunk (the empty final chunk included). */
  signChunk(data: Uint8Array): ChunkSignature;
  /** Signs one chunk given the lowercase hex SHA-256 of its data (hashed by the caller, e.g. incrementally). */
  signChunkHash(chunkHash: string): ChunkSignature;
  /** Signs the trailing headers; call after the final (empty) chunk. */
  signTrailer(headers: Iterable<readonly [string, string]>): ChunkSignature;
}

/** `<algorithm>-PAYLOAD \n date \n scope \n previous signature \n sha256("") \n sha256(chunk)`. */
export function buildChunkStringToSign(p: { algorithm: SigningAlgorithm; amzDate: string; scope: string; previousSignature: string; chunkHash: string }): string {
  return `${p.algorithm}-PAYLOAD\n${p.amzDate}\n${p.scope}\n${p.previousSignature}\n${EMPTY_SHA256}\n${p.chunkHash}`;
}

/** `<algorithm>-TRAILER \n date \n scope \n previous signature \n sha256(canonical trailer)`. */
export function buildTrailerStringToSign(p: { algorithm: SigningAlgorithm; amzDate: string; scope: string; previousSignature: string; trailerHash: string }): string {
  return `${p.algorithm}-TRAILER\n${p.amzDate}\n${p.scope}\n${p.previousSignature}\n${p.trailerHash}`;
}

/** `name:value\n` per trailing header, names lowercased and sorted, values trimmed. */
export function buildCanonicalTrailer(headers: Iterable<readonly [string, string]>): string {
  return [...headers].map(([name, value]) => [name.toLowerCase(), value.trim()] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([name, value]) => `${name}:${value}\n`).join('');
}

const AMZ_DATE = /^\d{8}T\d{6}Z$/;
const HEX64 = /^[0-9a-f]{64}$/;

function checkStart(start: ChunkChainStart): string[] {
  const parts = typeof start.scope === 'string' ? start.scope.split('/') : [];
  const v4a = start.algorithm === SIGV4A_ALGORITHM;
  const signature = v4a ? /^(?:[0-9a-f]{2}){8,72}\**$/ : /^[0-9a-f]{64}$/;
  if (
    (start.algorithm !== ALGORITHM && !v4a) || typeof start.amzDate !== 'string' || !AMZ_DATE.test(start.amzDate) ||
    parts.length !== (v4a ? 3 : 4) || parts[0] !== start.amzDate.slice(0, 8) || parts.at(-1) !== 'aws4_request' ||
    typeof start.seedSignature !== 'string' || !signature.test(start.seedSignature)
  ) {
    throw new InvalidRequestError('INVALID_OPTION', 'the seed must be a request signed with a STREAMING-* payload hash (its date, scope and signature)');
  }
  return parts;
}

function keySigner(start: ChunkChainStart, parts: string[], params: ChunkKeyParams, crypto: CryptoBackend): (text: string) => string {
  const { credentials } = params;
  const keyCache = params.keyCache ?? defaultKeyCache;
  if (start.algorithm === SIGV4A_ALGORITHM) {
    const key = cachedSigV4aKey(credentials, keyCache, crypto);
    return (text) => signSigV4aString(key, text).padEnd(SIGV4A_CHUNK_SIGNATURE_LENGTH, '*');
  }
  const [date = '', region = '', service = ''] = parts;
  return keyCache.lookup(credentials.accessKeyId, credentials.secretAccessKey, start.scope, () =>
    deriveSigningKey(credentials.secretAccessKey, { date, region, service }, crypto), crypto).sign;
}

/**
 * A chunk signer for the chain that starts at a signed seed request.
 * @example
 * const signer = createChunkSigner({ algorithm: 'AWS4-HMAC-SHA256', amzDate, scope, seedSignature: signed.signature }, { credentials });
 * const { signature } = signer.signChunk(bytes);
 * @throws {InvalidRequestError} INVALID_OPTION when the date, scope or seed signature is malformed.
 */
export function createChunkSigner(start: ChunkChainStart, params: ChunkKeyParams): ChunkSigner {
  const parts = checkStart(start ?? {});
  const at = new Date(`${start.amzDate.slice(0, 4)}-${start.amzDate.slice(4, 6)}-${start.amzDate.slice(6, 8)}T${start.amzDate.slice(9, 11)}:${start.amzDate.slice(11, 13)}:${start.amzDate.slice(13, 15)}Z`);
  checkCredentials(params?.credentials, at);
  if (params.keyCache !== undefined && !(params.keyCache instanceof SigningKeyCache)) throw new InvalidRequestError('INVALID_OPTION', 'keyCache must be a SigningKeyCache');
  if (params.sha256 !== undefined && typeof params.sha256 !== 'function') throw new InvalidRequestError('INVALID_OPTION', 'sha256 must be a function');
  const crypto = resolveCrypto(params.sha256);
  const sign = keySigner(start, parts, params, crypto);
  const { algorithm, amzDate, scope } = start;
  let previous = start.seedSignature.replace(/\*+$/, '');
  const link = (stringToSign: string): ChunkSignature => {
    const signature = sign(stringToSign);
    previous = signature.replace(/\*+$/, '');
    return { stringToSign, signature };
  };
  const signChunkHash = (chunkHash: string): ChunkSignature => {
    if (!HEX64.test(chunkHash)) throw new InvalidRequestError('INVALID_OPTION', 'chunkHash must be 64 lowercase hex characters');
    return link(buildChunkStringToSign({ algorithm, amzDate, scope, previousSignature: previous, chunkHash }));
  };
  return {
    signChunk: (data) => signChunkHash(data.length === 0 ? EMPTY_SHA256 : crypto.sha256Hex(data)),
    signChunkHash,
    signTrailer: (headers) => link(buildTrailerStringToSign({ algorithm, amzDate, scope, previousSignature: previous, trailerHash: crypto.sha256Hex(buildCanonicalTrailer(headers)) })),
  };
}
