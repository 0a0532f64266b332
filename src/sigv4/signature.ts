/** SigV4 step 4: the signature, hex HMAC-SHA256 of the string to sign under the signing key. */
import { defaultCrypto } from '../crypto/backend.js';
import { toHex } from '../crypto/hash.js';
import type { CryptoBackend } from '../crypto/hash.js';
import type { ResolvedParams } from './options.js';
import { deriveSigningKey } from './signingKey.js';
import { buildStringToSign } from './stringToSign.js';
import { cachedSigV4aKey, SIGV4A_ALGORITHM, signSigV4aString } from '../sigv4a/algorithm.js';

/** Lowercase hex signature of `stringToSign` with `signingKey`. */
export function computeSignature(signingKey: Uint8Array, stringToSign: string, crypto: CryptoBackend = defaultCrypto): string {
  return toHex(crypto.hmac(signingKey, stringToSign));
}

/** What steps 2-4 produce from a canonical request. */
export interface SignatureParts {
  readonly stringToSign: string;
  readonly signature: string;
}

/** Steps 2-4 for resolved parameters: hash the canonical request, build the string to sign, sign it with the cached key. */
export function signCanonicalRequest(params: ResolvedParams, canonicalRequest: string): SignatureParts {
  const { crypto, credentials, scope } = params;
  const stringToSign = buildStringToSign({ algorithm: params.algorithm, amzDate: params.amzDate, scope, canonicalRequestHash: crypto.sha256Hex(canonicalRequest) });
  if (params.algorithm === SIGV4A_ALGORITHM) {
    return { stringToSign, signature: signSigV4aString(cachedSigV4aKey(credentials, params.keyCache, crypto), stringToSign) };
  }
  const { sign } = params.keyCache.lookup(credentials.accessKeyId, credentials.secretAccessKey, scope, () =>
    deriveSigningKey(credentials.secretAccessKey, params, crypto), crypto);
  return { stringToSign, signature: sign(stringToSign) };
}
