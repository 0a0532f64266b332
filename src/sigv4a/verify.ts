/**
 * SigV4a for the server side (verifyRequest): the region-less credential, the DER signature form,
 * the region set, and the signature check with the public key derived from the secret key.
 */
import { ecdsa } from '#ecdsa';
import type { CryptoBackend } from '../crypto/hash.js';
import type { SigningKeyCache } from '../sigv4/signingKey.js';
import { buildStringToSign } from '../sigv4/stringToSign.js';
import { buildSigV4aScope, cachedSigV4aKey, SIGV4A_ALGORITHM } from './algorithm.js';
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

/** What the server checks: the string to sign it builds, and whether the signature is valid for it. */
export interface SigV4aCheck {
  readonly scope: string;
  readonly stringToSign: string;
  readonly valid: boolean;
}

/** Builds the SigV4a string to sign for `canonicalRequest` and verifies `signature` with the credentials' public key. */
export function checkSigV4aSignature(input: {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly amzDate: string;
  readonly service: string;
  readonly canonicalRequest: string;
  readonly signature: string;
  readonly keyCache: SigningKeyCache;
  readonly crypto: CryptoBackend;
}): SigV4aCheck {
  const { crypto } = input;
  const scope = buildSigV4aScope({ date: input.amzDate.slice(0, 8), service: input.service });
  const stringToSign = buildStringToSign({ algorithm: SIGV4A_ALGORITHM, amzDate: input.amzDate, scope, canonicalRequestHash: crypto.sha256Hex(input.canonicalRequest) });
  const privateKey = cachedSigV4aKey(input, input.keyCache, crypto);
  let point = publicPoints.get(privateKey);
  if (point === undefined) publicPoints.set(privateKey, (point = ecdsa.publicKey(privateKey)));
  const der = isSigV4aSignature(input.signature) ? fromHex(input.signature) : undefined;
  return { scope, stringToSign, valid: der !== undefined && ecdsa.verify(point, stringToSign, der) };
}
