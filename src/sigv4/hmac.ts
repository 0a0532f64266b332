/** SigV4 (`AWS4-HMAC-SHA256`) as a {@link SigningAlgorithm}: the default of every signing call. */
import type { AlgorithmContext, SigningAlgorithm } from './algorithm.js';
import { deriveSigningKey } from './signingKey.js';
import { ALGORITHM } from './stringToSign.js';

/** The HMAC signer for `scope`, from the context's key cache (derived once per key, date, region and service). @internal */
export function signer(c: AlgorithmContext, scope: string): (stringToSign: string) => string {
  const { accessKeyId, secretAccessKey } = c.credentials;
  // The cache compares the secret on every hit, so a rotated secret is never served a stale key.
  return c.keyCache.lookup(accessKeyId, secretAccessKey, scope, () => deriveSigningKey(secretAccessKey, c, c.crypto), c.crypto).sign;
}

/**
 * SigV4 with HMAC-SHA256: scope `date/region/service/aws4_request`, lowercase hex HMAC signatures.
 * The default `algorithm`; pass it explicitly only to list it or to override a signer's SigV4a default.
 * @example
 * signRequest(request, { credentials, region: 'us-east-1', service: 'sqs', algorithm: SIGV4 }); // same as no algorithm
 */
export const SIGV4: SigningAlgorithm = Object.freeze({
  name: ALGORITHM,
  scope: (c: AlgorithmContext) => c.keyCache.credentialScope(c.date, c.region, c.service),
  signer,
  // No verifier here: verifyRequest brings SigV4's own (verify/sigv4.ts), so a signer's bundle does not carry it.
});
