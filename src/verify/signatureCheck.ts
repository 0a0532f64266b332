/** Steps 2-4 on the server: the string to sign and the signature the client should have sent. */
import { deriveSigningKey } from '../signer/signingKey.js';
import { buildCredentialScope, buildStringToSign } from '../signer/stringToSign.js';
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
  const scope = buildCredentialScope({ date, region, service });
  const stringToSign = buildStringToSign({ amzDate: auth.amzDate, scope, canonicalRequestHash: crypto.sha256Hex(canonicalRequest) });
  const secret = credentials.secretAccessKey;
  // The cache compares the secret on every hit, so a rotated secret is never served a stale key.
  const { sign } = keyCache.lookup(accessKeyId, secret, scope, () => deriveSigningKey(secret, { date, region, service }, crypto), crypto);
  return { scope, stringToSign, signature: sign(stringToSign) };
}
