/** fromWebToken: AssumeRoleWithWebIdentity (OIDC), including EKS IRSA from the environment. */
import { ProviderError } from '../../errors.js';
import { withCache } from '../cache.js';
import { notConfigured } from '../errors.js';
import { type CredentialProvider, envValue, type Runtime, resolveRuntime } from '../provider.js';
import { type StsProviderOptions, stsRetry } from './sts.js';
import { loadStsCalls } from './loadCalls.js';
import type { ProfileContext, StsTarget } from './stsEndpoint.js';
import { optional, type RoleSessionOptions, roleSessionParams } from './stsParams.js';

/** Options of {@link fromWebToken}. Without `roleArn` and a token, the IRSA environment variables are used. */
export interface WebTokenOptions extends StsProviderOptions, RoleSessionOptions {
  /** Default: `AWS_ROLE_ARN`. */
  readonly roleArn?: string | undefined;
  /** The OIDC token itself, or a function returning a current one (called on every fetch). */
  readonly webIdentityToken?: string | (() => Promise<string> | string) | undefined;
  /** File holding the token, re-read on every fetch (Kubernetes rotates it). Default: `AWS_WEB_IDENTITY_TOKEN_FILE`. */
  readonly webIdentityTokenFile?: string | undefined;
  /** OAuth 2.0 provider id, for Login with Amazon, Facebook and Google tokens only. */
  readonly providerId?: string | undefined;
}

/**
 * Exchanges a web identity (OIDC) token for a role's temporary credentials with STS
 * AssumeRoleWithWebIdentity. The call is unsigned: no other credentials are attached to it.
 * With no `roleArn` and no token options it reads `AWS_ROLE_ARN`, `AWS_WEB_IDENTITY_TOKEN_FILE` and
 * `AWS_ROLE_SESSION_NAME` (EKS IAM roles for service accounts).
 * @example
 * const irsa = fromWebToken(); // on EKS
 * const github = fromWebToken({ roleArn, webIdentityToken: () => fetchOidcToken() });
 * @throws {NoCredentialsError} `NO_CREDENTIALS` when neither options nor environment name a role and token.
 * @throws {StsError} `STS_ERROR` (e.g. `InvalidIdentityToken`) when STS refuses.
 */
export function fromWebToken(options: WebTokenOptions = {}): CredentialProvider {
  const runtime = resolveRuntime(options);
  return withCache(webTokenProvider(options, runtime), options.cache, runtime.clock, 'STS AssumeRoleWithWebIdentity');
}

/** The uncached provider; `context` supplies region and endpoint settings from a profile. */
export function webTokenProvider(options: WebTokenOptions, runtime: Runtime, context?: ProfileContext): CredentialProvider {
  const fromEnv = options.roleArn === undefined && options.webIdentityToken === undefined && options.webIdentityTokenFile === undefined;
  const roleArn = fromEnv ? envValue(runtime.env, 'AWS_ROLE_ARN') : options.roleArn;
  const tokenFile = fromEnv ? envValue(runtime.env, 'AWS_WEB_IDENTITY_TOKEN_FILE') : options.webIdentityTokenFile;
  const roleSessionName = options.roleSessionName ?? (fromEnv ? envValue(runtime.env, 'AWS_ROLE_SESSION_NAME') : undefined);
  const session = { ...options, roleSessionName };
  if (!fromEnv) roleSessionParams(roleArn, session, runtime.clock()); // fail fast on bad options
  const providerId = optional('ProviderId', options.providerId, /^.{4,2048}$/, 'providerId', '4-2048 characters');
  const retry = stsRetry(options.retry, runtime.env, context?.profile); // one quota per provider, as per SDK client
  let target: StsTarget | undefined;
  return async () => {
    if (tokenFile === undefined && options.webIdentityToken === undefined) throw notConfigured('web identity', 'AWS_WEB_IDENTITY_TOKEN_FILE is not set');
    if (roleArn === undefined) throw notConfigured('web identity', 'AWS_ROLE_ARN is not set');
    const token = await readToken(options.webIdentityToken, tokenFile, runtime);
    const params = [...roleSessionParams(roleArn, session, runtime.clock()), ['WebIdentityToken', token] as [string, string], ...providerId];
    const sts = await loadStsCalls();
    target ??= sts.resolveStsTarget(options, runtime.env, runtime.warn, context);
    const result = await sts.callSts(
      { action: 'AssumeRoleWithWebIdentity', params, credentials: undefined, target, timeoutMs: options.timeoutMs, secrets: [token] },
      runtime,
      retry,
    );
    return sts.readStsCredentials(result, 'AssumeRoleWithWebIdentity');
  };
}

async function readToken(given: WebTokenOptions['webIdentityToken'], file: string | undefined, runtime: Runtime): Promise<string> {
  let token: unknown;
  if (given !== undefined) token = typeof given === 'function' ? await given() : given;
  else {
    try {
      token = await runtime.readFile(file ?? '');
    } catch (error) {
      throw new ProviderError('PROVIDER_FAILED', `cannot read the web identity token file ${String(file)}`, { cause: error });
    }
  }
  // A JWT never contains whitespace; a trailing newline from `echo > file` is not part of it.
  const trimmed = typeof token === 'string' ? token.trim() : '';
  if (trimmed.length < 4 || trimmed.length > 20_000) {
    throw new ProviderError('PROVIDER_FAILED', 'the web identity token must be 4-20000 characters');
  }
  return trimmed;
}
