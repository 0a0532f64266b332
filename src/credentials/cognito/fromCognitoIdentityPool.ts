/**
 * fromCognitoIdentityPool: temporary credentials for a browser or mobile user from an Amazon Cognito
 * identity pool (`GetId`, then `GetCredentialsForIdentity`; both unsigned). Portable: only `fetch`.
 */
import { InvalidRequestError } from '../../errors.js';
import { onFirstUse } from '../../lazy.js';
import { type CacheOptions, withCache } from '../cache.js';
import { checkEndpointUrl, checkRegion, configuredEndpoint, dnsSuffix } from '../endpoint.js';
import { type CredentialProvider, type RuntimeOptions, resolveRuntime } from '../provider.js';

/** A web identity provider's token, or a function that returns a current one (called on every refresh). */
export type CognitoLogin = string | (() => string | Promise<string>);

/** Options of {@link fromCognitoIdentityPool} (the JS SDK's option names). */
export interface CognitoIdentityPoolOptions extends RuntimeOptions {
  /** e.g. `us-east-1:1a2b3c4d-...`. Its prefix is the region, unless `region` says otherwise. */
  readonly identityPoolId: string;
  /**
   * Tokens of the identity providers the user signed in with, by provider name:
   * `{ 'accounts.google.com': idToken }`, `{ 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc': idToken }`.
   * Without it the identity is unauthenticated (the pool must allow that).
   */
  readonly logins?: Readonly<Record<string, CognitoLogin>> | undefined;
  /** The role to assume when the pool lets the token choose one (`CustomRoleArn`). */
  readonly customRoleArn?: string | undefined;
  /** The AWS account that owns the pool (`AccountId` of `GetId`), for pools that need it. */
  readonly accountId?: string | undefined;
  /** Default: the pool id's prefix. */
  readonly region?: string | undefined;
  /**
   * Default: `AWS_ENDPOINT_URL_COGNITO_IDENTITY`, `AWS_ENDPOINT_URL` (where an environment exists),
   * else `https://cognito-identity.<region>.amazonaws.com`.
   */
  readonly endpoint?: string | undefined;
  /** Abort a call after this long. Default 10 s. */
  readonly timeoutMs?: number | undefined;
  /** Options for the {@link cached} wrapper, or `false` to call Cognito on every use. */
  readonly cache?: CacheOptions | false | undefined;
}

const POOL_ID = /^([a-z0-9-]+):[0-9a-f-]+$/i;

/**
 * Credentials from an Amazon Cognito identity pool: `GetId` (once per provider and set of login
 * providers; an unauthenticated identity is never reused for a signed-in user), then
 * `GetCredentialsForIdentity`, refreshed before expiry like every temporary source. Both calls are
 * unsigned `application/x-amz-json-1.1` POSTs; the login tokens never appear in errors.
 * @example
 * const provider = fromCognitoIdentityPool({
 *   identityPoolId: 'us-east-1:11111111-2222-3333-4444-555555555555',
 *   logins: { 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc123': () => session.idToken },
 * });
 * const signed = signRequest(request, { credentials: await provider(), region: 'us-east-1', service: 'execute-api' });
 * @throws {InvalidRequestError} `INVALID_OPTION` for a malformed pool id (at once, before any call).
 * @throws {AwsServiceCallError} `PROVIDER_FAILED` with `awsCode` (`ResourceNotFoundException`, `NotAuthorizedException`, ...) when Cognito refuses.
 */
export function fromCognitoIdentityPool(options: CognitoIdentityPoolOptions): CredentialProvider {
  const runtime = resolveRuntime(options);
  const match = typeof options.identityPoolId === 'string' ? POOL_ID.exec(options.identityPoolId.trim()) : null;
  if (match === null) throw new InvalidRequestError('INVALID_OPTION', 'identityPoolId must look like us-east-1:11111111-2222-3333-4444-555555555555');
  const poolId = options.identityPoolId.trim();
  const region = checkRegion(options.region ?? match[1] ?? '', 'Cognito identity pool');
  const url = checkEndpointUrl(options.endpoint ?? configuredEndpoint('COGNITO_IDENTITY', runtime.env) ?? `https://cognito-identity.${region}.${dnsSuffix(region)}`, 'Cognito Identity');
  let provider: CredentialProvider | undefined;
  return withCache(
    async () => {
      // The calls load on first use; the options above were checked when the provider was built.
      const { identityPoolProvider } = await loadCalls();
      provider ??= identityPoolProvider(options, runtime, poolId, url);
      return provider();
    },
    options.cache,
    runtime.clock,
  );
}

const loadCalls = onFirstUse(() => import('./calls.js'));
