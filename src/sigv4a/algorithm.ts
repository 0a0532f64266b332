/**
 * SigV4a (`AWS4-ECDSA-P256-SHA256`): the same canonical request as SigV4 plus `x-amz-region-set`,
 * a scope without region, and an ECDSA P-256 signature with a key derived from the secret key.
 * Synchronous everywhere: OpenSSL on Node, BigInt P-256 elsewhere (`#ecdsa`). {@link sigv4a} is
 * the {@link SigningAlgorithm} value the core takes; nothing in the main entry imports this folder.
 */
import { ecdsa } from '#ecdsa';
import { InvalidRequestError } from '../errors.js';
import { defaultCrypto } from '../crypto/backend.js';
import type { CryptoBackend } from '../crypto/hash.js';
import type { AlgorithmContext, AlgorithmParameter, ParsedCredential, SigningAlgorithm } from '../sigv4/algorithm.js';
import { type AffinePoint, isOnCurve } from './p256.js';
import { bytesToBigInt, decodeDerSignature, fromHex, toHex32 } from './der.js';
import { deriveSigV4aPrivateKey } from './deriveKey.js';
import { cachedSigV4aKey, SIGV4A_ALGORITHM } from './key.js';
import { checkSigV4aSignature, isSigV4aSignature, normalizeSigV4aSignature, parseSigV4aCredential, regionSetCovers } from './verify.js';

export { SIGV4A_ALGORITHM };

/** A P-256 public key: x and y as 64 hex characters (big-endian). */
export interface SigV4aPublicKey {
  readonly x: string;
  readonly y: string;
}

const HEX64 = /^[0-9a-fA-F]{64}$/;

/** `date/service/aws4_request`: SigV4a scopes carry no region (the region set is a signed header instead). */
export function buildSigV4aScope(scope: { readonly date: string; readonly service: string }): string {
  return `${scope.date}/${scope.service}/aws4_request`;
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

/** Length of a SigV4a chunk or trailer signature on the wire (DER hex padded with `*`, as aws-c-auth does). */
export const SIGV4A_CHUNK_SIGNATURE_LENGTH = 144;

/** Options of {@link sigv4a}. */
export interface SigV4aOptions {
  /**
   * The regions the signature is valid in (`x-amz-region-set`), e.g. `['*']` or
   * `['us-east-1', 'us-west-2']`. Default: the `region` signing parameter of each call.
   */
  readonly regionSet?: readonly string[] | undefined;
}

// Printable ASCII without ',' (the list separator); '*' wildcards are allowed ('*', 'us-*').
const REGION_SET_ENTRY = /^[\x21-\x2b\x2d-\x7e]+$/;
const REGION_SET_HEADER = 'x-amz-region-set';
const REGION_SET_QUERY = 'X-Amz-Region-Set';

const verifier = Object.freeze({
  parseCredential(value: string): ParsedCredential | string {
    const parts = parseSigV4aCredential(value);
    return parts === undefined
      ? `Credential must be keyid/date/service/aws4_request for ${SIGV4A_ALGORITHM}, got ${JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}...` : value)}`
      : { ...parts, region: '' };
  },
  isSignature: isSigV4aSignature,
  // The region set decides where the signature is valid: unsigned, it could be widened in transit.
  parameters: Object.freeze([Object.freeze({ header: REGION_SET_HEADER, query: REGION_SET_QUERY })]),
  coversRegion: (_credential: ParsedCredential, parameters: ReadonlyMap<string, string>, region: string) =>
    regionSetCovers(parameters.get(REGION_SET_HEADER) ?? '', region),
  verify: checkSigV4aSignature,
  // ECDSA is malleable: (r, s) and (r, n - s) both verify; the result names the low-s form for either.
  canonicalSignature: normalizeSigV4aSignature,
});

/**
 * SigV4a (`AWS4-ECDSA-P256-SHA256`) as a signing algorithm: pass it as `algorithm` to sign and
 * presign, or list it in `verifyRequest`'s `algorithms` to accept SigV4a requests. The signature is
 * ECDSA P-256 with the key AWS derives from the secret key, valid in every region of `regionSet`.
 * @example
 * import { signRequest } from 'sigv4-kit';
 * import { sigv4a } from 'sigv4-kit/sigv4a';
 * signRequest(request, { credentials, region: 'us-east-1', service: 's3', algorithm: sigv4a({ regionSet: ['*'] }) });
 * @throws {InvalidRequestError} INVALID_OPTION when `regionSet` is not a non-empty array of regions (printable ASCII without ',').
 */
export function sigv4a(options: SigV4aOptions = {}): SigningAlgorithm {
  if (options === null || typeof options !== 'object') throw new InvalidRequestError('INVALID_OPTION', 'sigv4a options must be an object, e.g. { regionSet: ["*"] }');
  const { regionSet } = options;
  let fixed: readonly AlgorithmParameter[] | undefined;
  if (regionSet !== undefined) {
    if (!Array.isArray(regionSet) || regionSet.length === 0 || !regionSet.every((r) => typeof r === 'string' && REGION_SET_ENTRY.test(r))) {
      throw new InvalidRequestError('INVALID_OPTION', 'regionSet must be a non-empty array of regions (printable ASCII without ","), e.g. ["*"]');
    }
    fixed = Object.freeze([Object.freeze({ header: REGION_SET_HEADER, query: REGION_SET_QUERY, value: regionSet.join(',') })]);
  }
  return Object.freeze({
    name: SIGV4A_ALGORITHM,
    wildcardRegion: true,
    scope: (c: AlgorithmContext) => buildSigV4aScope(c),
    parameters: (c: AlgorithmContext) => fixed ?? [{ header: REGION_SET_HEADER, query: REGION_SET_QUERY, value: c.region }],
    signer(c: AlgorithmContext): (stringToSign: string) => string {
      const key = cachedSigV4aKey(c.credentials, c.keyCache, c.crypto);
      return (stringToSign) => ecdsa.sign(key, stringToSign);
    },
    chunkSignatureLength: SIGV4A_CHUNK_SIGNATURE_LENGTH,
    verifier,
  });
}
