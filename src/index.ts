/**
 * sigv4-kit: AWS Signature Version 4 signing, presigning and verification.
 * The portable entry: what applications use, every export listed here by name. The variants are
 * their own entries, which nothing here imports: `sigv4-kit/sigv4a` (SigV4a), `sigv4-kit/chunked`
 * (aws-chunked uploads), `sigv4-kit/eventstream` (event-stream signing); the SigV4 step functions
 * and protocol constants are in `sigv4-kit/steps`; the signature-mismatch explainer in `sigv4-kit/explain`;
 * Node-only providers and the node:http middleware in `sigv4-kit/node`.
 * @module
 */
export { signRequest } from './sigv4/sign.js';
export { presignUrl, MAX_PRESIGN_EXPIRES } from './sigv4/presign.js';
export { signRequestAsync, presignUrlAsync } from './sigv4/signAsync.js';
export { SigningKeyCache } from './sigv4/signingKey.js';
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
import type { HttpRequestLike } from './sigv4/types.js';
import type { VerifiableRequest, VerifyOptions, VerifyResult } from './verify/types.js';
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
export type {
  SigningAlgorithm,
  AlgorithmContext,
  AlgorithmParameter,
  AlgorithmVerifier,
  VerifierParameter,
  ParsedCredential,
  StringSigner,
  AsyncStringSigner,
  VerifyContext,
} from './sigv4/algorithm.js';
export { SIGV4 } from './sigv4/hmac.js';
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

let verifier: Promise<typeof import('./verify/verifyRequest.js')> | undefined;

/**
 * Verifies a received request, given with the URL as received or as an `HttpRequest` (the shapes
 * {@link signRequest} takes). Every refusal is a result with AWS's error code, never an exception:
 * malformed, duplicated or hostile authentication data included. SigV4 is always accepted; SigV4a
 * when `algorithms` lists `sigv4a()` from `sigv4-kit/sigv4a`. The verifier loads on the first call,
 * so `import 'sigv4-kit'` in a client that only signs does not load it.
 * @example
 * const result = await verifyRequest(
 *   { method: req.method, url: req.url, headers: pairs, body },
 *   { getCredentials: (id) => keys.get(id), services: ['mediaconnect'] },
 * );
 * if (!result.valid) return respond(403, result.code, result.message);
 * @throws {InvalidRequestError} (as a rejection) INVALID_OPTION on bad options; INVALID_BODY when `body` is a stream.
 * @throws {CredentialsError} when `getCredentials` returns something that is not credentials; and
 *   whatever `getCredentials` itself throws.
 */
export async function verifyRequest(request: VerifiableRequest | HttpRequestLike, options: VerifyOptions): Promise<VerifyResult> {
  const { verifyRequest: verify } = await (verifier ??= import('./verify/verifyRequest.js'));
  return verify(request, options);
}
