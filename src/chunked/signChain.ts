/**
 * aws-chunked signatures: each chunk's signature chains the previous one, starting from the seed
 * (request) signature, and a trailer signature closes the chain. The seed's algorithm signs every
 * link (SigV4: the cached HMAC key; SigV4a: the cached ECDSA key, its hex signature padded with `*`
 * to its `chunkSignatureLength` so Content-Length is known in advance).
 */
import { InvalidRequestError } from '../errors.js';
import { resolveCrypto } from '../crypto/backend.js';
import { type AlgorithmContext, isSigningAlgorithm, type SigningAlgorithm } from '../sigv4/algorithm.js';
import { SIGV4 } from '../sigv4/hmac.js';
import { refuseAsyncOnly } from './layout.js';
import { checkCredentials } from '../sigv4/options.js';
import { EMPTY_SHA256 } from '../sigv4/payloadHash.js';
import { defaultKeyCache, SigningKeyCache } from '../sigv4/signingKey.js';
import type { Credentials, Sha256Function } from '../sigv4/types.js';

/** Where the chain starts: the signed seed request. */
export interface ChunkChainStart {
  /** The seed request's algorithm. Default: SigV4. */
  readonly algorithm?: SigningAlgorithm | undefined;
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
  /** The seed request's algorithm, e.g. `sigv4a()`. Default: SigV4. */
  readonly algorithm?: SigningAlgorithm | undefined;
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
export function buildChunkStringToSign(p: { algorithm: string; amzDate: string; scope: string; previousSignature: string; chunkHash: string }): string {
  return `${p.algorithm}-PAYLOAD\n${p.amzDate}\n${p.scope}\n${p.previousSignature}\n${EMPTY_SHA256}\n${p.chunkHash}`;
}

/** `<algorithm>-TRAILER \n date \n scope \n previous signature \n sha256(canonical trailer)`. */
export function buildTrailerStringToSign(p: { algorithm: string; amzDate: string; scope: string; previousSignature: string; trailerHash: string }): string {
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
const SEED_SIGNATURE = /^(?:[0-9a-f]{2})+\**$/;

/**
 * The context of the seed request, read back from its scope (`date/region/service/aws4_request`, or
 * without region for region-less algorithms) and checked: the algorithm must give the same scope.
 */
function seedContext(start: ChunkChainStart, algorithm: SigningAlgorithm, params: ChunkKeyParams): AlgorithmContext {
  const { amzDate, scope, seedSignature } = start;
  const parts = typeof scope === 'string' ? scope.split('/') : [];
  const bad = (): InvalidRequestError =>
    new InvalidRequestError('INVALID_OPTION', 'the seed must be a request signed with a STREAMING-* payload hash (its date, scope and signature)');
  if (typeof amzDate !== 'string' || !AMZ_DATE.test(amzDate) || parts[0] !== amzDate.slice(0, 8) || (parts.length !== 3 && parts.length !== 4)) throw bad();
  if (typeof seedSignature !== 'string' || !SEED_SIGNATURE.test(seedSignature)) throw bad();
  const at = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
  const credentials = algorithm.checkCredentials ? algorithm.checkCredentials(params?.credentials, at) : checkCredentials(params?.credentials, at);
  if (params.keyCache !== undefined && !(params.keyCache instanceof SigningKeyCache)) throw new InvalidRequestError('INVALID_OPTION', 'keyCache must be a SigningKeyCache');
  if (params.sha256 !== undefined && typeof params.sha256 !== 'function') throw new InvalidRequestError('INVALID_OPTION', 'sha256 must be a function');
  const context: AlgorithmContext = {
    credentials,
    region: parts.length === 4 ? parts[1]! : '',
    service: parts.at(-2)!,
    date: parts[0]!,
    amzDate,
    crypto: resolveCrypto(params.sha256),
    keyCache: params.keyCache ?? defaultKeyCache,
  };
  // A scope of another algorithm (or a tampered one) cannot start this chain.
  if (algorithm.scope(context) !== scope) throw bad();
  return context;
}

/**
 * A chunk signer for the chain that starts at a signed seed request.
 * @example
 * const signer = createChunkSigner({ amzDate, scope: signed.credentialScope, seedSignature: signed.signature }, { credentials });
 * const { signature } = signer.signChunk(bytes);
 * @throws {InvalidRequestError} INVALID_OPTION when the date, scope or seed signature is malformed.
 */
export function createChunkSigner(start: ChunkChainStart, params: ChunkKeyParams): ChunkSigner {
  const chosen = start?.algorithm ?? params?.algorithm ?? SIGV4;
  refuseAsyncOnly(chosen);
  if (!isSigningAlgorithm(chosen)) throw new InvalidRequestError('INVALID_OPTION', "algorithm must be a SigningAlgorithm value, such as sigv4a() from 'sigv4-kit/sigv4a'");
  const context = seedContext(start ?? {}, chosen, params ?? {});
  const { crypto } = context;
  const { amzDate, scope } = start;
  const algorithm = chosen.name;
  const signString = chosen.signer!(context, scope);
  const padding = chosen.chunkSignatureLength;
  const sign = padding === undefined ? signString : (text: string): string => signString(text).padEnd(padding, '*');
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
