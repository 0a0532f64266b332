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
export { fromIni, type IniOptions } from './credentials/ini.js';
export type { ProfileProviderOptions } from './credentials/profileChain.js';
export { fromProcess, type ProcessOptions, type SpawnFunction } from './credentials/process.js';
export type { StsProviderOptions, CredentialSource } from './credentials/sts.js';
export type { StsLocation } from './credentials/stsEndpoint.js';
export type { MfaCodeProvider, RoleSessionOptions, SessionTags } from './credentials/stsParams.js';
export { fromSessionToken, type SessionTokenOptions } from './credentials/sessionToken.js';
export { fromAssumeRole, type AssumeRoleOptions } from './credentials/assumeRole.js';
export { fromWebToken, type WebTokenOptions } from './credentials/webToken.js';
export { fromSaml, type SamlOptions } from './credentials/saml.js';
export { fromContainerMetadata, type ContainerMetadataOptions } from './credentials/containerMetadata.js';
export type { LookupFunction } from './credentials/containerUrl.js';
export { fromInstanceMetadata, type InstanceMetadataOptions } from './credentials/instanceMetadata.js';
export { fromDefaultChain, type DefaultChainOptions } from './credentials/defaultChain.js';
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
export {
  withSigV4,
  readVerifiedRequest,
  type SigV4HttpOptions,
  type VerifiedRequest,
  type HttpVerifyOutcome,
  type NodeLikeRequest,
  type NodeLikeResponse,
} from './verify/http.js';
export { formatVerifyError, type ErrorFormat, type ErrorBody, type HttpFailure } from './verify/errorBody.js';
export {
  explainSignatureMismatch,
  type MismatchExplanation,
  type MismatchCause,
  type MismatchCauseKind,
  type LocalSigning,
  type DiffLine,
} from './explain.js';
