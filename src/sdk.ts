/**
 * sigv4-kit as the `signer` and `credentials` of an AWS SDK for JavaScript v3 client. Typed by shape
 * (the SDK's `RequestSigner` and `AwsCredentialIdentityProvider`), so the SDK is not a dependency.
 */
import { type Clock, systemClock } from './clock.js';
import { lazyDefaultChain } from './fetch/defaultCredentials.js';
import type { CredentialProvider, ReadFile } from './credentials/provider.js';
import { toProvider } from './credentials/credentials.js';
import { InvalidRequestError } from './errors.js';
import type { SigningOptions } from './fetch/attempt.js';
import { type EnvRecord, lazyProfileRegion, resolveTargetWithProfile } from './fetch/target.js';
import { isS3Service } from './sigv4/rules.js';
import { UNSIGNED_PAYLOAD } from './sigv4/payloadHash.js';
import { isHashableBody } from './sigv4/request.js';
import { isAsyncOnly } from './sigv4/algorithm.js';
import { signRequest } from './sigv4/sign.js';
import { signRequestAsync } from './sigv4/signAsync.js';
import type { Credentials, HttpRequestLike } from './sigv4/types.js';

/** What the SDK passes to `signer.sign` (its `RequestSigningArguments`, the fields used here). */
export interface SdkSigningArguments {
  /** Already corrected by the SDK for the clock skew it learned. A number is epoch seconds (the SDK's `DateInput`). */
  readonly signingDate?: Date | number | string;
  readonly signingRegion?: string;
  readonly signingService?: string;
}

/** The SDK's `RequestSigner` shape. Returns a signed copy of the `HttpRequest`; the input is not changed. */
export interface SdkRequestSigner {
  sign<T extends HttpRequestLike>(request: T, options?: SdkSigningArguments): Promise<T>;
}

/** The SDK's `AwsCredentialIdentity` shape. */
export interface SdkCredentialIdentity {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

/** Options of {@link createSdkAdapter}. */
export interface SdkAdapterOptions extends SigningOptions {
  /** Default: the standard chain, `fromDefaultChain({ env })` of `sigv4-kit/node`, loaded on first use. */
  readonly credentials?: Credentials | CredentialProvider | undefined;
  /** Used only when the SDK passes no `signingDate`. Default: the system clock. */
  readonly clock?: Clock | undefined;
  /**
   * Signing name, e.g. `mediaconnect`. Default: what the SDK passes, else the host name. SDK v3 passes
   * it only when the endpoint names an auth scheme (S3 does, MediaConnect does not), so set it for
   * custom endpoints.
   */
  readonly service?: string | undefined;
  /**
   * Default: what the SDK passes, else the host name, else `AWS_REGION` / `AWS_DEFAULT_REGION`, else the
   * profile's `region`. Set it to the client's region for custom endpoints.
   */
  readonly region?: string | undefined;
  /** Reads the shared config file for the profile's `region`. Default: the file system on Node; elsewhere none. */
  readonly readFile?: ReadFile | undefined;
  /** Default: `process.env` (the default chain and the region fallback). */
  readonly env?: EnvRecord | undefined;
}

/** Spread into an SDK client's configuration. */
export interface SdkAdapter {
  readonly signer: SdkRequestSigner;
  readonly credentials: () => Promise<SdkCredentialIdentity>;
}

/**
 * A `signer` and `credentials` pair for an AWS SDK v3 client, both backed by one sigv4-kit provider.
 * The SDK still resolves `credentials` (its auth middleware requires an identity), but the signature
 * is sigv4-kit's. `x-amz-content-sha256` is sent and signed by default, as the SDK's own signer does.
 * Streamed bodies are signed `UNSIGNED-PAYLOAD` for S3 and refused elsewhere.
 * @example
 * import { MediaConnectClient, ListFlowsCommand } from '@aws-sdk/client-mediaconnect';
 * const client = new MediaConnectClient({ region: 'us-east-1', ...createSdkAdapter({ credentials: fromDefaultChain() }) });
 * const { Flows } = await client.send(new ListFlowsCommand({}));
 * @throws {InvalidRequestError} (from `sign`) `INVALID_REGION` / `INVALID_SERVICE` when neither the options, the SDK nor the
 *   host name tell them, `INVALID_BODY` for an unhashable body outside S3.
 */
export function createSdkAdapter(options: SdkAdapterOptions = {}): SdkAdapter {
  const { credentials: source, clock = systemClock, env: givenEnv, service, region, readFile, ...signing } = options;
  const env = givenEnv ?? globalThis.process?.env ?? {};
  const profileRegion = lazyProfileRegion(env, readFile);
  const provider = source === undefined ? lazyDefaultChain(env) : toProvider(source, 'credentials');
  const signer: SdkRequestSigner = {
    async sign(request, args) {
      const credentials = await provider();
      const url = `https://${request.hostname}/`;
      const target = await resolveTargetWithProfile(url, { service: service ?? args?.signingService, region: region ?? args?.signingRegion }, env, profileRegion);
      const payloadHash = isHashableBody(request.body) ? undefined : streamHash(target.service);
      const params = {
        contentSha256Header: true,
        ...signing,
        credentials,
        ...target,
        signingDate: toDate(args?.signingDate) ?? clock(),
        payloadHash,
      };
      // Only a key that cannot sign synchronously (WebCrypto) takes the async path: SigV4 pays one check.
      const signed = isAsyncOnly(params.algorithm) ? await signRequestAsync(request, params) : signRequest(request, params);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) if (value !== undefined && !Object.hasOwn(signed.headers, name.toLowerCase())) headers[name] = value;
      Object.assign(headers, signed.headers);
      // Same prototype, so the copy is still an HttpRequest to the SDK's later middleware.
      return Object.assign(Object.create(Object.getPrototypeOf(request) as object) as object, request, { headers }) as typeof request;
    },
  };
  const credentials = async (): Promise<SdkCredentialIdentity> => {
    const c = await provider();
    return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}), ...(c.expiration ? { expiration: c.expiration } : {}) };
  };
  return { signer, credentials };
}

function toDate(input: Date | number | string | undefined): Date | undefined {
  if (input === undefined || input instanceof Date) return input;
  return typeof input === 'number' ? new Date(input * 1000) : new Date(input);
}

function streamHash(service: string): string {
  if (isS3Service(service)) return UNSIGNED_PAYLOAD;
  throw new InvalidRequestError('INVALID_BODY', `the request body is a stream: ${service} needs it as bytes to sign its SHA-256`);
}
