/**
 * SigV4a for the server side (verifyRequest): the region-less credential, the DER signature form,
 * the region set, and the signature check with the public key derived from the secret key.
 */
import { ecdsa } from '#ecdsa';
import type { AlgorithmContext } from '../sigv4/algorithm.js';
import { cachedSigV4aKey } from './key.js';
import type { AffinePoint } from './p256.js';
import { decodeDerSignature, encodeDerSignature, fromHex } from './der.js';
import { N } from './p256.js';

/** The parts of a SigV4a `Credential=` (or `X-Amz-Credential`): no region. */
export interface SigV4aCredentialParts {
  readonly accessKeyId: string;
  readonly date: string;
  readonly service: string;
}

const ACCESS_KEY_ID = /^[\x21-\x2b\x2d\x2e\x30-\x7e]+$/;
const SCOPE_PART = /^[\x21-\x2e\x30-\x7e]+$/;

/** `AKID/YYYYMMDD/service/aws4_request`, or undefined. */
export function parseSigV4aCredential(value: string): SigV4aCredentialParts | undefined {
  const parts = typeof value === 'string' ? value.split('/') : [];
  const [accessKeyId = '', date = '', service = '', terminator = ''] = parts;
  if (parts.length !== 4 || !ACCESS_KEY_ID.test(accessKeyId) || !/^\d{8}$/.test(date) || !SCOPE_PART.test(service) || terminator !== 'aws4_request') return undefined;
  return { accessKeyId, date, service };
}

/** True for lowercase hex of a strict-DER P-256 ECDSA signature (what SigV4a sends). */
export function isSigV4aSignature(value: string): boolean {
  if (typeof value !== 'string' || !/^[0-9a-f]+$/.test(value)) return false;
  const der = fromHex(value);
  return der !== undefined && decodeDerSignature(der) !== undefined;
}

/**
 * The low-s form of a SigV4a signature (hex DER): ECDSA signatures are malleable, `(r, n - s)`
 * verifies wherever `(r, s)` does, so a replay cache keyed on the signature text would see two
 * requests. Signers (OpenSSL under the AWS CRT) send either form, so both are accepted, and both
 * normalise to the same text. A value that is not a signature is returned unchanged.
 * @example normalizeSigV4aSignature(highS) === normalizeSigV4aSignature(lowS)
 */
export function normalizeSigV4aSignature(signature: string): string {
  const der = fromHex(signature);
  const parts = der === undefined ? undefined : decodeDerSignature(der);
  if (parts === undefined || parts.s <= N / 2n) return signature;
  return encodeDerSignature(parts.r, N - parts.s);
}

/**
 * True when the signed region set (`x-amz-region-set`, comma-separated, `*` wildcards) covers `region`.
 * @example regionSetCovers('us-*,eu-west-1', 'us-east-2') === true
 */
export function regionSetCovers(regionSet: string, region: string): boolean {
  return regionSet.split(',').some((entry) => globMatches(entry.trim(), region));
}

/**
 * `*` matches any run of characters. Not a RegExp: the set is attacker-chosen and checked before the
 * signature, and `^.*.*…x$` backtracks exponentially. Resuming after the last `*` keeps this O(n·m).
 */
function globMatches(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (pattern[p] === '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.length && pattern[p] === text[t]) {
      p++;
      t++;
    } else if (star >= 0) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

// Public points per cached private key: derived once, dropped with the cache entry.
const publicPoints = new WeakMap<Uint8Array, AffinePoint>();

/** True when `signature` (hex DER) is a valid SigV4a signature of `stringToSign` under the context's credentials. */
export function checkSigV4aSignature(stringToSign: string, signature: string, c: AlgorithmContext): boolean {
  const privateKey = cachedSigV4aKey(c.credentials, c.keyCache, c.crypto);
  let point = publicPoints.get(privateKey);
  if (point === undefined) publicPoints.set(privateKey, (point = ecdsa.publicKey(privateKey)));
  const der = isSigV4aSignature(signature) ? fromHex(signature) : undefined;
  return der !== undefined && ecdsa.verify(point, stringToSign, der);
}
