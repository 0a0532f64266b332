/**
 * SigV4a (`AWS4-ECDSA-P256-SHA256`): the same canonical request as SigV4 plus `x-amz-region-set`,
 * a scope without region, and an ECDSA P-256 signature with a key derived from the secret key.
 * Synchronous everywhere: OpenSSL on Node, BigInt P-256 elsewhere (`#ecdsa`).
 */
import { ecdsa } from '#ecdsa';
import { InvalidRequestError } from '../errors.js';
import { defaultCrypto } from '../crypto/backend.js';
import type { CryptoBackend } from '../crypto/hash.js';
import type { SigningKeyCache } from '../sigv4/signingKey.js';
import type { Credentials } from '../sigv4/types.js';
import { type AffinePoint, isOnCurve } from './p256.js';
import { bytesToBigInt, decodeDerSignature, fromHex, toHex32 } from './der.js';
import { deriveSigV4aPrivateKey } from './deriveKey.js';

/** The algorithm id of SigV4a. */
export const SIGV4A_ALGORITHM = 'AWS4-ECDSA-P256-SHA256';

/** A P-256 public key: x and y as 64 hex characters (big-endian). */
export interface SigV4aPublicKey {
  readonly x: string;
  readonly y: string;
}

// No '/' in it, so it can never equal a SigV4 scope in the shared signing-key cache.
const CACHE_SCOPE = SIGV4A_ALGORITHM;
const HEX64 = /^[0-9a-fA-F]{64}$/;

/** `date/service/aws4_request`: SigV4a scopes carry no region (the region set is a signed header instead). */
export function buildSigV4aScope(scope: { readonly date: string; readonly service: string }): string {
  return `${scope.date}/${scope.service}/aws4_request`;
}

/** The private key of `credentials`, from `keyCache` (derived once per access key and secret). */
export function cachedSigV4aKey(credentials: Credentials, keyCache: SigningKeyCache, crypto: CryptoBackend): Uint8Array {
  const { accessKeyId, secretAccessKey } = credentials;
  return keyCache.lookup(accessKeyId, secretAccessKey, CACHE_SCOPE, () => deriveSigV4aPrivateKey(accessKeyId, secretAccessKey, crypto), crypto).key;
}

/** Hex DER ECDSA-P256-SHA256 signature of `stringToSign` (randomized on Node, RFC 6979 elsewhere). */
export function signSigV4aString(privateKey: Uint8Array, stringToSign: string): string {
  return ecdsa.sign(privateKey, stringToSign);
}

/**
 * The public key AWS holds for an access key pair under SigV4a, e.g. to verify signatures.
 * @example
 * const publicKey = deriveSigV4aPublicKey('AKIDEXAMPLE', secret); // { x: 'b661…', y: '865e…' }
 */
export function deriveSigV4aPublicKey(accessKeyId: string, secretAccessKey: string, crypto: CryptoBackend = defaultCrypto): SigV4aPublicKey {
  const point = ecdsa.publicKey(deriveSigV4aPrivateKey(accessKeyId, secretAccessKey, crypto));
  return { x: toHex32(point.x), y: toHex32(point.y) };
}

function toPoint(publicKey: SigV4aPublicKey): AffinePoint {
  const { x, y } = (publicKey ?? {}) as Partial<SigV4aPublicKey>;
  if (typeof x !== 'string' || typeof y !== 'string' || !HEX64.test(x) || !HEX64.test(y)) {
    throw new InvalidRequestError('INVALID_OPTION', 'publicKey must be { x, y } with 64 hex characters each');
  }
  const point = { x: bytesToBigInt(fromHex(x)!), y: bytesToBigInt(fromHex(y)!) };
  if (!isOnCurve(point)) throw new InvalidRequestError('INVALID_OPTION', 'publicKey is not a point on P-256');
  return point;
}

/**
 * Checks a SigV4a signature: hex DER ECDSA P-256 over SHA-256 of `stringToSign`. The `*` padding
 * of aws-chunked signatures is ignored. A malformed signature is simply invalid (false).
 * @example
 * verifySigV4aSignature(deriveSigV4aPublicKey(id, secret), signed.stringToSign, signed.signature); // true
 * @throws {InvalidRequestError} INVALID_OPTION when `publicKey` is not a P-256 point.
 */
export function verifySigV4aSignature(publicKey: SigV4aPublicKey, stringToSign: string, signature: string): boolean {
  const point = toPoint(publicKey);
  if (typeof stringToSign !== 'string' || typeof signature !== 'string') return false;
  const der = fromHex(signature.replace(/\*+$/, ''));
  if (der === undefined || decodeDerSignature(der) === undefined) return false;
  return ecdsa.verify(point, stringToSign, der);
}
