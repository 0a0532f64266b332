/** SigV4 step 1d: the payload hash line of the canonical request. */
import { InvalidRequestError } from '../errors.js';
import type { CryptoBackend } from '../crypto/hash.js';
import { isHashableBody } from './request.js';

/** SHA-256 of the empty string, the payload hash of every bodiless request. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
/** The payload hash that leaves the body out of the signature (S3 presigned URLs, streamed uploads). */
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

const MARKERS = new Set([
  UNSIGNED_PAYLOAD,
  'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
  'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD',
  'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER',
]);
const HEX64 = /^[0-9a-f]{64}$/;

/** Checks a caller-supplied payload hash: 64 lowercase hex characters, `UNSIGNED-PAYLOAD` or a `STREAMING-*` marker. */
export function checkPayloadHash(value: unknown): string {
  if (typeof value === 'string' && (HEX64.test(value) || MARKERS.has(value))) return value;
  throw new InvalidRequestError(
    'INVALID_PAYLOAD_HASH',
    'payloadHash must be 64 lowercase hex characters (SHA-256), UNSIGNED-PAYLOAD or a STREAMING-* marker',
  );
}

/** True for `UNSIGNED-PAYLOAD` and the `STREAMING-*` markers (a checked hash that is not a body's SHA-256). */
export function isPayloadMarker(value: string): boolean {
  return MARKERS.has(value);
}

/** SHA-256 hex of a body the core can hash; refuses other body types (streams need `payloadHash`). */
export function hashBody(body: unknown, crypto: CryptoBackend): string {
  if (!isHashableBody(body)) {
    throw new InvalidRequestError(
      'INVALID_BODY',
      'body must be a string, Uint8Array, ArrayBuffer or null; for streams pass payloadHash (or UNSIGNED-PAYLOAD)',
    );
  }
  if (body === undefined || body === null || body === '') return EMPTY_SHA256;
  if (body instanceof ArrayBuffer) return crypto.sha256Hex(new Uint8Array(body));
  return body.length === 0 ? EMPTY_SHA256 : crypto.sha256Hex(body);
}
