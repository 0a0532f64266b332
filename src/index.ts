/**
 * sigv4-kit: AWS Signature Version 4 signing, presigning and verification.
 * The portable entry: every export is listed here by name. Node-only providers and the node:http
 * middleware are in `sigv4-kit/node` (src/node.ts), which nothing here imports.
 * @module
 */
export { signRequest } from './sigv4/sign.js';
export { presignUrl, MAX_PRESIGN_EXPIRES } from './sigv4/presign.js';
export { SigningKeyCache, deriveSigningKey } from './sigv4/signingKey.js';
export { computeSignature } from './sigv4/signature.js';
export { buildCanonicalRequest, type CanonicalRequestParts } from './sigv4/canonicalRequest.js';
export { buildCanonicalUri, normalizePath, type PathRules } from './sigv4/canonicalUri.js';
export { buildCanonicalQuery, parseWireQuery, type EncodedPair } from './sigv4/canonicalQuery.js';
export { buildCanonicalHeaders, DEFAULT_UNSIGNED_HEADERS } from './sigv4/canonicalHeaders.js';
export { buildStringToSign, buildCredentialScope, formatAmzDate, ALGORITHM } from './sigv4/stringToSign.js';
export { uriEncode, canonicalizeWire } from './sigv4/encoding.js';
export { EMPTY_SHA256, UNSIGNED_PAYLOAD } from './sigv4/payloadHash.js';
export { S3_SERVICES } from './sigv4/options.js';
export type { CryptoBackend, HmacHexSigner } from './crypto/hash.js';
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
} from './sigv4/types.js';
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
  type NetworkCode,
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
export {
  NoCredentialsError,
  StsError,
  ProfileParseError,
  ProcessError,
  LoginRequiredError,
  AwsServiceCallError,
  type StsErrorDetails,
  type AwsServiceCallDetails,
} from './credentials/errors.js';
export { fromStatic } from './credentials/keys/static.js';
export { fromEnv, type EnvOptions } from './credentials/keys/env.js';
export type { StsProviderOptions, CredentialSource } from './credentials/sts/sts.js';
export type { StsLocation } from './credentials/sts/stsEndpoint.js';
export type { MfaCodeProvider, RoleSessionOptions, SessionTags } from './credentials/sts/stsParams.js';
export { fromSessionToken, type SessionTokenOptions } from './credentials/sts/sessionToken.js';
export { fromAssumeRole, type AssumeRoleOptions } from './credentials/sts/assumeRole.js';
export { fromWebToken, type WebTokenOptions } from './credentials/sts/webToken.js';
export { fromSaml, type SamlOptions } from './credentials/sts/saml.js';
export {
  fromCognitoIdentityPool,
  type CognitoIdentityPoolOptions,
  type CognitoLogin,
} from './credentials/cognito/fromCognitoIdentityPool.js';
export { chain } from './credentials/chain.js';
export { cached, type CacheOptions } from './credentials/cache.js';
export {
  getCallerIdentity,
  withRootCheck,
  classifyPrincipal,
  type CallerIdentity,
  type PrincipalKind,
  type IdentityOptions,
} from './credentials/sts/identity.js';
export { verifyRequest } from './verify/verifyRequest.js';
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
} from './explain/explain.js';
export type { SigningAlgorithm } from './sigv4/types.js';
export {
  SIGV4A_ALGORITHM,
  deriveSigV4aPublicKey,
  verifySigV4aSignature,
  buildSigV4aScope,
  type SigV4aPublicKey,
} from './sigv4a/algorithm.js';
export { deriveSigV4aPrivateKey } from './sigv4a/deriveKey.js';
export { encodeChunkedBody, toReadableStream, type ByteSource, type ChunkedSeed, type ChunkedBodyParams } from './chunked/encode.js';
export {
  chunkedUploadHeaders,
  DEFAULT_CHUNK_SIZE,
  MIN_CHUNK_SIZE,
  type ChunkedUploadOptions,
} from './chunked/layout.js';
export {
  createChunkSigner,
  buildChunkStringToSign,
  buildTrailerStringToSign,
  buildCanonicalTrailer,
  type ChunkSigner,
  type ChunkSignature,
  type ChunkChainStart,
  type ChunkKeyParams,
} from './chunked/signChain.js';
export { createChecksum, type Checksum, type ChecksumAlgorithm } from './chunked/checksum.js';
export { combineCrc32, combineCrc32c, combineCrc64nvme, type ChecksumPart } from './chunked/combine.js';
export {
  signEventStreamMessage,
  createEventStreamSigner,
  signEventStream,
  type EventStreamSigningParams,
  type EventStreamSigner,
  type SignedEvent,
} from './eventstream/sign.js';
export {
  encodeEventStreamMessage,
  encodeEventHeaders,
  type EventHeaderValue,
  type EventHeaders,
  type EventStreamMessage,
} from './eventstream/codec.js';
export {
  createSignedFetch,
  type SignedFetch,
  type SignedFetchOptions,
  type SignedRequestInit,
} from './fetch/fetch.js';
export type { RetryOptions } from './fetch/retry.js';
export type { StandardRetryOptions } from './retry/standard.js';
export type { S3StreamMode, SigningOptions } from './fetch/attempt.js';
export type { EnvRecord } from './fetch/target.js';
export { hintsFromHost, type EndpointHints } from './fetch/endpoint.js';
export { ServiceError, readServiceError, type ServiceErrorDetails } from './fetch/serviceError.js';
export { NetworkError, type NetworkFailure } from './fetch/networkError.js';
export {
  createSdkAdapter,
  type SdkAdapter,
  type SdkAdapterOptions,
  type SdkRequestSigner,
  type SdkSigningArguments,
  type SdkCredentialIdentity,
} from './sdk.js';
