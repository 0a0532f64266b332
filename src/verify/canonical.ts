/** The canonical request of a received request, built with the signer's own step functions. */
import { InvalidRequestError } from '../errors.js';
import { buildCanonicalQuery, type EncodedPair } from '../sigv4/canonicalQuery.js';
import { assembleCanonicalRequest } from '../sigv4/canonicalRequest.js';
import { buildCanonicalUri, type PathRules } from '../sigv4/canonicalUri.js';
import type { CryptoBackend } from '../crypto/hash.js';
import { checkPayloadHash, EMPTY_SHA256, hashBody, UNSIGNED_PAYLOAD } from '../sigv4/payloadHash.js';
import { isHashableBody, trimAll } from '../sigv4/request.js';
import { fail, type Outcome } from './outcome.js';
import type { ReceivedRequest } from './requestInput.js';
import type { PayloadStatus } from './types.js';

const CONTENT_SHA256 = 'x-amz-content-sha256';

/** The payload line to verify, and the body's own hash when it must be compared after the signature. */
export interface PayloadLine {
  readonly hash: string;
  readonly status: PayloadStatus;
  /** Set when the body was given and the declared hash does not match it. */
  readonly bodyMismatch: boolean;
}

/**
 * The payload hash the client signed: the declared `x-amz-content-sha256` (compared with the body
 * when there is one), else S3's `UNSIGNED-PAYLOAD` for presigned URLs, else the body's hash.
 * @throws {InvalidRequestError} INVALID_BODY when `body` is not a type the core can hash (a server bug, not client input).
 */
export function resolvePayload(req: ReceivedRequest, mode: { isS3: boolean; presigned: boolean }, crypto: CryptoBackend): Outcome<PayloadLine> {
  if (!isHashableBody(req.body)) {
    throw new InvalidRequestError('INVALID_BODY', 'body must be a string, Uint8Array, ArrayBuffer, null or undefined (read streams first)');
  }
  const given = req.body !== undefined;
  const declared = req.headers.get(CONTENT_SHA256);
  if (declared !== undefined) {
    let hash: string;
    try {
      hash = checkPayloadHash(declared.trim());
    } catch {
      return fail('IncompleteSignature', 'x-amz-content-sha256 must be a lowercase hex SHA-256, UNSIGNED-PAYLOAD or a STREAMING-* marker');
    }
    if (!/^[0-9a-f]{64}$/.test(hash)) return { hash, status: 'unsigned', bodyMismatch: false };
    if (!given) return { hash, status: 'unchecked', bodyMismatch: false };
    return { hash, status: 'verified', bodyMismatch: hashBody(req.body, crypto) !== hash };
  }
  if (mode.isS3 && !mode.presigned) return fail('IncompleteSignature', 'Missing required header for this request: x-amz-content-sha256');
  if (mode.isS3) return { hash: UNSIGNED_PAYLOAD, status: 'unsigned', bodyMismatch: false };
  if (!given) return { hash: EMPTY_SHA256, status: 'unchecked', bodyMismatch: false };
  return { hash: hashBody(req.body, crypto), status: 'verified', bodyMismatch: false };
}

/** Inputs of the canonical request that come from the authentication data rather than the request. */
export interface CanonicalInputs {
  readonly signedHeaders: readonly string[];
  /** The query pairs the signature covers (for presigned URLs: all but `X-Amz-Signature`). */
  readonly query: readonly EncodedPair[];
  readonly payloadHash: string;
  readonly rules: PathRules;
}

/** Steps 1a-1d over the received request; every signed header must be present. */
export function buildReceivedCanonicalRequest(req: ReceivedRequest, inputs: CanonicalInputs): Outcome<{ canonicalRequest: string; canonicalUri: string }> {
  for (const name of inputs.signedHeaders) {
    if (!req.headers.has(name)) return fail('SignatureDoesNotMatch', `The header ${JSON.stringify(name)} is listed in SignedHeaders but is not in the request`);
  }
  const canonicalUri = buildCanonicalUri(req.path, inputs.rules);
  const { signedHeaders } = inputs;
  const host = trimAll(req.headers.get('host') ?? '');
  const canonicalRequest = assembleCanonicalRequest({
    method: req.method,
    canonicalUri,
    canonicalQuery: buildCanonicalQuery(inputs.query),
    headers: req.headers,
    host,
    names: signedHeaders,
    signedHeaders: signedHeaders.join(';'),
    payloadHash: inputs.payloadHash,
  });
  return { canonicalRequest, canonicalUri };
}

/** S3 refuses `x-amz-*` headers that the signature does not cover: a proxy could otherwise add them. */
export function unsignedAmzHeaders(req: ReceivedRequest, signedHeaders: readonly string[]): string[] {
  const signed = new Set(signedHeaders);
  return [...req.headers.keys()].filter((name) => name.startsWith('x-amz-') && !signed.has(name));
}
