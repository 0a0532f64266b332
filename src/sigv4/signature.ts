/** SigV4 step 4: the signature, hex HMAC-SHA256 of the string to sign under the signing key. */
import { defaultCrypto } from '../crypto/backend.js';
import { toHex } from '../crypto/hash.js';
import type { CryptoBackend } from '../crypto/hash.js';
import type { ResolvedParams } from './options.js';
import { buildStringToSign } from './stringToSign.js';

/** Lowercase hex signature of `stringToSign` with `signingKey`. */
export function computeSignature(signingKey: Uint8Array, stringToSign: string, crypto: CryptoBackend = defaultCrypto): string {
  return toHex(crypto.hmac(signingKey, stringToSign));
}

/** What steps 2-4 produce from a canonical request. */
export interface SignatureParts {
  readonly stringToSign: string;
  readonly signature: string;
}

/** Steps 2-4 for resolved parameters: hash the canonical request, build the string to sign, sign it with the algorithm's signer. */
export function signCanonicalRequest(params: ResolvedParams, canonicalRequest: string): SignatureParts {
  const { algorithm, scope } = params;
  const stringToSign = buildStringToSign({ algorithm: algorithm.name, amzDate: params.amzDate, scope, canonicalRequestHash: params.crypto.sha256Hex(canonicalRequest) });
  return { stringToSign, signature: algorithm.signer!(params, scope)(stringToSign) };
}
