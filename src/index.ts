/**
 * sigv4-kit: AWS Signature Version 4 signing, presigning and verification.
 * The one public entry: every export is listed here by name.
 * @module
 */
export { signRequest } from './signer/sign.js';
export { presignUrl, MAX_PRESIGN_EXPIRES } from './signer/presign.js';
export { SigningKeyCache, deriveSigningKey } from './signer/signingKey.js';
export { computeSignature } from './signer/signature.js';
export { buildCanonicalRequest, type CanonicalRequestParts } from './signer/canonicalRequest.js';
export { buildCanonicalUri, normalizePath, type PathRules } from './signer/canonicalUri.js';
export { buildCanonicalQuery, parseWireQuery, type EncodedPair } from './signer/canonicalQuery.js';
export { buildCanonicalHeaders, DEFAULT_UNSIGNED_HEADERS } from './signer/canonicalHeaders.js';
export { buildStringToSign, buildCredentialScope, formatAmzDate, ALGORITHM } from './signer/stringToSign.js';
export { uriEncode, canonicalizeWire } from './signer/encoding.js';
export { EMPTY_SHA256, UNSIGNED_PAYLOAD } from './signer/payloadHash.js';
export { S3_SERVICES } from './signer/options.js';
export type { CryptoBackend } from './signer/crypto.js';
export type {
  Credentials,
  HeadersInput,
  BodyInput,
  SignableRequest,
  HttpRequestLike,
  SessionTokenMode,
  Sha256Function,
  SigningParams,
  PresignParams,
  SignedRequest,
  PresignedUrl,
} from './signer/types.js';
export {
  SigV4Error,
  InvalidRequestError,
  CredentialsError,
  ProviderError,
  type ErrorCode,
  type InvalidRequestCode,
  type CredentialsCode,
  type ProviderCode,
  type ServiceCode,
} from './errors.js';
export { createSigner, type Signer, type SignerConfig, type SignOverrides } from './createSigner.js';
export { systemClock, offsetClock, type Clock } from './clock.js';
