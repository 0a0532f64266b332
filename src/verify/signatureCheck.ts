/** Steps 2-4 on the server: the string to sign and the signature the client should have sent. */
import { deriveSigningKey } from '../sigv4/signingKey.js';
import { buildCredentialScope, buildStringToSign } from '../sigv4/stringToSign.js';
import { SIGV4A_ALGORITHM } from '../sigv4a/algorithm.js';
import { checkSigV4aSignature } from '../sigv4a/verify.js';
import type { Authentication } from './authentication.js';
import type { VerifySettings } from './settings.js';
import type { VerifyCredentials } from './types.js';

/** What the server computes from the canonical request. */
export interface ExpectedSignature {
  readonly scope: string;
  readonly stringToSign: string;
  readonly signature: string;
}

/** The signature for `canonicalRequest` under the request's own scope and date, with the key the server holds. */
export function computeExpectedSignature(
  auth: Authentication,
  credentials: VerifyCredentials,
  canonicalRequest: string,
  settings: VerifySettings,
): ExpectedSignature {
  const { crypto, keyCache } = settings;
  const { accessKeyId, date, region, service } = auth.credential;
  if (auth.algorithm === SIGV4A_ALGORITHM) {
    // ECDSA signatures are randomized: there is no expected signature to compare, only a verdict. The
    // caller's constant-time comparison then sees the client's own signature, or '' when it is invalid.
    const check = checkSigV4aSignature({
      accessKeyId, secretAccessKey: credentials.secretAccessKey, amzDate: auth.amzDate, service, canonicalRequest, signature: auth.signature, keyCache, crypto,
    });
    return { scope: check.scope, stringToSign: check.stringToSign, signature: check.valid ? auth.signature : '' };
  }
  const scope = buildCredentialScope({ date, region, service });
  const stringToSign = buildStringToSign({ amzDate: auth.amzDate, scope, canonicalRequestHash: crypto.sha256Hex(canonicalRequest) });
  const secret = credentials.secretAccessKey;
  // The cache compares the secret on every hit, so a rotated secret is never served a stale key.
  const { sign } = keyCache.lookup(accessKeyId, secret, scope, () => deriveSigningKey(secret, { date, region, service }, crypto), crypto);
  return { scope, stringToSign, signature: sign(stringToSign) };
}
