/**
 * fromCognitoIdentityPool: temporary credentials for a browser or mobile user from an Amazon Cognito
 * identity pool (`GetId`, then `GetCredentialsForIdentity`; both unsigned). Portable: only `fetch`.
 */
import { InvalidRequestError } from '../../errors.js';
import { type CacheOptions, withCache } from '../cache.js';
import { sealCredentials } from '../credentials.js';
import { checkEndpointUrl, checkRegion, configuredEndpoint, dnsSuffix } from '../endpoint.js';
import { AwsServiceCallError } from '../errors.js';
import { callJson } from '../jsonCall.js';
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
const CONTENT_TYPE = 'application/x-amz-json-1.1';

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
  // Identity ids by the set of login providers they were obtained with ('' = unauthenticated).
  const identities = new Map<string, string>();

  const call = (operation: string, body: Record<string, unknown>, secrets: readonly string[]) =>
    callJson(runtime.fetch, {
      service: 'Cognito Identity',
      operation,
      url,
      method: 'POST',
      headers: { 'content-type': CONTENT_TYPE, 'x-amz-target': `AWSCognitoIdentityService.${operation}` },
      body: JSON.stringify(body),
      secrets,
      timeoutMs: options.timeoutMs,
    });

  const provider: CredentialProvider = async () => {
    const logins = await resolveLogins(options.logins);
    const secrets = Object.values(logins);
    const key = Object.keys(logins).sort().join('\n');
    const withLogins = secrets.length > 0 ? { Logins: logins } : {};
    let identityId = identities.get(key);
    const cachedId = identityId !== undefined;
    if (identityId === undefined) {
      const answer = await call('GetId', { IdentityPoolId: poolId, ...withLogins, ...(options.accountId ? { AccountId: options.accountId } : {}) }, secrets);
      identityId = typeof answer['IdentityId'] === 'string' ? answer['IdentityId'] : undefined;
      if (identityId === undefined) throw badAnswer('GetId', 'IdentityId');
      identities.set(key, identityId);
    }
    try {
      return await credentialsFor(identityId, withLogins, secrets);
    } catch (error) {
      // A remembered identity may have been deleted or merged: get a new one once.
      if (!cachedId || !(error instanceof AwsServiceCallError) || error.awsCode !== 'ResourceNotFoundException') throw error;
      identities.delete(key);
      return provider();
    }
  };

  async function credentialsFor(identityId: string, withLogins: object, secrets: readonly string[]) {
    const answer = await call('GetCredentialsForIdentity', { IdentityId: identityId, ...withLogins, ...(options.customRoleArn ? { CustomRoleArn: options.customRoleArn } : {}) }, secrets);
    const raw = answer['Credentials'];
    const c = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
    const { AccessKeyId: accessKeyId, SecretKey: secretAccessKey, SessionToken: sessionToken, Expiration: expiration } = c;
    if (typeof accessKeyId !== 'string' || typeof secretAccessKey !== 'string' || typeof sessionToken !== 'string' || typeof expiration !== 'number') {
      throw badAnswer('GetCredentialsForIdentity', 'Credentials AccessKeyId, SecretKey, SessionToken and Expiration');
    }
    // Expiration is epoch seconds, a JSON number (awsJson1_1 timestamps), possibly with a fraction.
    return sealCredentials({ accessKeyId, secretAccessKey, sessionToken, expiration: new Date(Math.round(expiration * 1000)) });
  }

  return withCache(provider, options.cache, runtime.clock);
}

async function resolveLogins(logins: CognitoIdentityPoolOptions['logins']): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(logins ?? {})) {
    const token = typeof value === 'function' ? await value() : value;
    if (typeof token !== 'string' || token === '') throw new InvalidRequestError('INVALID_OPTION', `logins['${name}'] must be a non-empty token (or a function returning one)`);
    Object.defineProperty(out, name, { value: token, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function badAnswer(operation: string, what: string): AwsServiceCallError {
  return new AwsServiceCallError({ service: 'Cognito Identity', operation, httpStatus: 200, awsMessage: `the answer lacks ${what}` });
}
