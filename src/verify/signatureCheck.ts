/** Steps 2-4 on the server: the string to sign and the signature check, by the request's algorithm. */
import type { VerifyContext } from '../sigv4/algorithm.js';
import { SIGV4_VERIFIED } from './sigv4.js';
import { buildStringToSign } from '../sigv4/stringToSign.js';
import type { Authentication } from './authentication.js';
import type { VerifySettings } from './settings.js';
import type { VerifyCredentials } from './types.js';

/** What the server computes from the canonical request. */
export interface ExpectedSignature {
  readonly scope: string;
  readonly stringToSign: string;
  /** The signature to compare (in constant time) with the request's. */
  readonly signature: string;
}

/** What the algorithm's hooks get on the server: the request's own scope and date, the key the server holds. */
export function verifyContext(auth: Authentication, credentials: VerifyCredentials, settings: VerifySettings): VerifyContext {
  const { accessKeyId, date, region, service } = auth.credential;
  return {
    credentials: { accessKeyId, secretAccessKey: credentials.secretAccessKey },
    region,
    service,
    date,
    amzDate: auth.amzDate,
    crypto: settings.crypto,
    keyCache: settings.keyCache,
    parameters: auth.parameters,
  };
}

/** The signature for `canonicalRequest` under the request's own scope and date, with the key the server holds. */
export function computeExpectedSignature(
  auth: Authentication,
  credentials: VerifyCredentials,
  canonicalRequest: string,
  settings: VerifySettings,
): ExpectedSignature {
  const { algorithm } = auth;
  const context = verifyContext(auth, credentials, settings);
  const scope = algorithm.scope(context);
  const stringToSign = buildStringToSign({ algorithm: algorithm.name, amzDate: auth.amzDate, scope, canonicalRequestHash: settings.crypto.sha256Hex(canonicalRequest) });
  // SigV4 is deterministic: the expected signature, compared by the caller (and shown by explain).
  if (algorithm === SIGV4_VERIFIED) return { scope, stringToSign, signature: algorithm.signer!(context, scope)(stringToSign) };
  // Other algorithms may be randomized (ECDSA): no expected signature, only a verdict. The caller's
  // constant-time comparison then sees the client's own signature, or '' when it is invalid.
  const valid = algorithm.verifier!.verify(stringToSign, auth.signature, context);
  return { scope, stringToSign, signature: valid ? auth.signature : '' };
}
