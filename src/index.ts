/**
 * sigv4-kit: AWS Signature Version 4 signing, presigning and verification.
 * The portable entry: every export is listed here by name. Node-only providers and the node:http
 * middleware are in `sigv4-kit/node` (src/node.ts), which nothing here imports.
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
export type { CryptoBackend, HmacHexSigner } from './signer/crypto.js';
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
  BodyVerificationError,
  type ErrorCode,
  type InvalidRequestCode,
  type CredentialsCode,
  type ProviderCode,
  type ServiceCode,
  type BodyCode,
  type BodyRejectionCode,
} from './errors.js';
export { createSigner, type Signer, type SignerConfig, type SignOverrides } from './createSigner.js';
export { systemClock, offsetClock, type Clock } from './clock.js';
export type {
  CredentialProvider,
  Env,
  ReadFile,
  FetchLike,
  WarningHook,
  RuntimeOptions,
} from './credentials/provider.js';
export { sealCredentials } from './credentials/credentials.js';
export { NoCredentialsError, StsError, ProfileParseError, ProcessError, type StsErrorDetails } from './credentials/errors.js';
export { fromStatic } from './credentials/static.js';
export { fromEnv, type EnvOptions } from './credentials/env.js';
export type { StsProviderOptions, CredentialSource } from './credentials/sts.js';
export type { StsLocation } from './credentials/stsEndpoint.js';
export type { MfaCodeProvider, RoleSessionOptions, SessionTags } from './credentials/stsParams.js';
export { fromSessionToken, type SessionTokenOptions } from './credentials/sessionToken.js';
export { fromAssumeRole, type AssumeRoleOptions } from './credentials/assumeRole.js';
export { fromWebToken, type WebTokenOptions } from './credentials/webToken.js';
export { fromSaml, type SamlOptions } from './credentials/saml.js';
export { chain } from './credentials/chain.js';
export { cached, type CacheOptions } from './credentials/cache.js';
export {
  getCallerIdentity,
  withRootCheck,
  classifyPrincipal,
  type CallerIdentity,
  type PrincipalKind,
  type IdentityOptions,
} from './credentials/identity.js';
export { verifyRequest } from './signer/verify.js';
export type {
  VerifyResult,
  VerifySuccess,
  VerifyFailure,
  VerifyFailureCode,
  VerifyOptions,
  VerifyCredentials,
  VerifiableRequest,
  PayloadStatus,
} from './verify/types.js';
export { formatVerifyError, type ErrorFormat, type ErrorBody, type HttpFailure } from './verify/errorBody.js';
export {
  explainSignatureMismatch,
  type MismatchExplanation,
  type MismatchCause,
  type MismatchCauseKind,
  type LocalSigning,
  type DiffLine,
} from './explain.js';
export type { SigningAlgorithm } from './signer/types.js';
export {
  SIGV4A_ALGORITHM,
  deriveSigV4aPublicKey,
  verifySigV4aSignature,
  buildSigV4aScope,
  type SigV4aPublicKey,
} from './signer/v4a.js';
export { deriveSigV4aPrivateKey } from './signer/v4aKey.js';
export { encodeChunkedBody, toReadableStream, type ByteSource, type ChunkedSeed, type ChunkedBodyParams } from './signer/chunked.js';
export {
  chunkedUploadHeaders,
  DEFAULT_CHUNK_SIZE,
  MIN_CHUNK_SIZE,
  type ChunkedUploadOptions,
} from './signer/chunkedLength.js';
export {
  createChunkSigner,
  buildChunkStringToSign,
  buildTrailerStringToSign,
  buildCanonicalTrailer,
  type ChunkSigner,
  type ChunkSignature,
  type ChunkChainStart,
  type ChunkKeyParams,
} from './signer/chunkedSigner.js';
export { createChecksum, type Checksum, type ChecksumAlgorithm } from './signer/checksum.js';
export {
  signEventStreamMessage,
  createEventStreamSigner,
  signEventStream,
  type EventStreamSigningParams,
  type EventStreamSigner,
  type SignedEvent,
} from './signer/eventStream.js';
export {
  encodeEventStreamMessage,
  encodeEventHeaders,
  type EventHeaderValue,
  type EventHeaders,
  type EventStreamMessage,
} from './signer/eventStreamCodec.js';
export {
  createSignedFetch,
  type SignedFetch,
  type SignedFetchOptions,
  type SignedRequestInit,
} from './fetch.js';
export type { RetryOptions } from './fetch/retry.js';
export type { S3StreamMode, SigningOptions } from './fetch/attempt.js';
export type { EnvRecord } from './fetch/target.js';
export { hintsFromHost, type EndpointHints } from './fetch/endpoint.js';
export { ServiceError, readServiceError, type ServiceErrorDetails } from './fetch/serviceError.js';
export {
  createSdkAdapter,
  type SdkAdapter,
  type SdkAdapterOptions,
  type SdkRequestSigner,
  type SdkSigningArguments,
  type SdkCredentialIdentity,
} from './sdk.js';
