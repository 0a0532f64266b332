/**
 * fromSso: role credentials from IAM Identity Center (`aws sso login`), through the portal's
 * `GetRoleCredentials` with the cached access token.
 */
import { InvalidRequestError, ProviderError } from '../../errors.js';
import { withCache } from '../cache.js';
import { sealCredentials } from '../credentials.js';
import { checkEndpointUrl, checkRegion, configuredEndpoint, dnsSuffix, joinEndpoint, type ProfileContext } from '../endpoint.js';
import { AwsServiceCallError, LoginRequiredError } from '../errors.js';
import { callJson } from '../jsonCall.js';
import { type CredentialProvider, type Runtime, resolveRuntime } from '../provider.js';
import { awsHomePath, loadSelectedProfile, type SessionDeps, type SessionProviderOptions, stringField } from '../tokenFile.js';
import { readSsoProfile, type SsoSettings, ssoLoginCommand } from './ssoProfile.js';
import { ssoTokenLoader } from './ssoToken.js';
import { writePrivateFile } from '#io';

/** Options of {@link fromSso}. */
export interface SsoOptions extends SessionProviderOptions {
  /** With `ssoRegion`, `ssoAccountId` and `ssoRoleName`: use these instead of a profile (the JS SDK's option names). */
  readonly ssoStartUrl?: string | undefined;
  readonly ssoRegion?: string | undefined;
  readonly ssoAccountId?: string | undefined;
  readonly ssoRoleName?: string | undefined;
  /** The sso-session name whose token to use (and refresh); without it the token is the legacy start-URL one. */
  readonly ssoSession?: string | undefined;
  /** Where `aws sso login` keeps tokens. Default: `~/.aws/sso/cache`. */
  readonly ssoCacheDirectory?: string | undefined;
}

/**
 * Credentials for an IAM Identity Center (SSO) permission set, as `aws sso login` leaves them
 * reachable: a profile with `sso_session` and an `[sso-session]` section (or the legacy
 * `sso_start_url` / `sso_region` in the profile) plus `sso_account_id` and `sso_role_name`. The
 * token comes from `~/.aws/sso/cache`; an sso-session token within five minutes of expiry is
 * refreshed with SSO-OIDC and the cache file rewritten (mode 0600, atomically). The portal's
 * `GET /federation/credentials` turns it into role credentials (with `accountId`), cached and
 * refreshed before they expire. Endpoints: `AWS_ENDPOINT_URL_SSO` / `_SSO_OIDC`, `AWS_ENDPOINT_URL`,
 * the profile's `[services]` `sso` / `sso_oidc` entries, its `endpoint_url`.
 * @example
 * const provider = fromSso({ profile: 'dev' });
 * const { accountId } = await provider();
 * @throws {LoginRequiredError} `CREDENTIALS_EXPIRED` when the token is missing, expired, refused by
 *   SSO-OIDC or by the portal (401); the message says to run `aws sso login --profile NAME`.
 * @throws {ProviderError} `PROVIDER_FAILED` for a profile that is not an SSO profile, lacks a key, or
 *   whose values conflict with its sso-session (nothing is called then); `PROFILE_NOT_FOUND`.
 */
export function fromSso(options: SsoOptions = {}): CredentialProvider {
  const runtime = resolveRuntime(options);
  const explicit = explicitSettings(options);
  if (explicit !== undefined) return withCache(ssoProvider(explicit, ssoDeps(options, runtime, undefined)), options.cache, runtime.clock);
  const provider: CredentialProvider = async () => {
    const { name, profile, context } = await loadSelectedProfile(options, runtime);
    return ssoProvider(readSsoProfile(name, profile, context.set), ssoDeps(options, runtime, context))();
  };
  return withCache(provider, options.cache, runtime.clock);
}

function explicitSettings(options: SsoOptions): SsoSettings | undefined {
  const { ssoStartUrl, ssoRegion, ssoAccountId, ssoRoleName } = options;
  const given = [ssoStartUrl, ssoRegion, ssoAccountId, ssoRoleName].filter((v) => v !== undefined).length;
  if (given === 0) return undefined;
  if (!ssoStartUrl || !ssoRegion || !ssoAccountId || !ssoRoleName) {
    throw new InvalidRequestError('INVALID_OPTION', 'fromSso needs all of ssoStartUrl, ssoRegion, ssoAccountId and ssoRoleName, or none of them (to read a profile)');
  }
  return { startUrl: ssoStartUrl, region: ssoRegion, accountId: ssoAccountId, roleName: ssoRoleName, sessionName: options.ssoSession, profileName: options.profile };
}


/** Fills in the cache directory and writer. */
export function ssoDeps(
  options: Pick<SsoOptions, 'ssoCacheDirectory' | 'writeFile' | 'timeoutMs' | 'platform'>,
  runtime: Runtime,
  context: ProfileContext | undefined,
): SessionDeps {
  const cacheDirectory = options.ssoCacheDirectory ?? awsHomePath(runtime.env, options.platform, 'sso', 'cache');
  if (cacheDirectory === undefined) throw new ProviderError('PROVIDER_FAILED', 'no home directory (HOME) to find ~/.aws/sso/cache in: set HOME or pass ssoCacheDirectory');
  return { runtime, cacheDirectory, writeFile: options.writeFile ?? writePrivateFile, context, timeoutMs: options.timeoutMs };
}

/** The uncached provider for resolved settings. */
export function ssoProvider(settings: SsoSettings, deps: SessionDeps): CredentialProvider {
  const loadToken = ssoTokenLoader(settings, deps);
  const command = ssoLoginCommand(settings);
  return async () => {
    const region = checkRegion(settings.region, 'sso_region');
    const base = checkEndpointUrl(configuredEndpoint('SSO', deps.runtime.env, deps.context) ?? `https://portal.sso.${region}.${dnsSuffix(region)}`, 'SSO portal');
    const accessToken = await loadToken();
    const query = `role_name=${encodeURIComponent(settings.roleName)}&account_id=${encodeURIComponent(settings.accountId)}`;
    let answer: Record<string, unknown>;
    try {
      answer = await callJson(deps.runtime.fetch, {
        service: 'SSO',
        operation: 'GetRoleCredentials',
        url: `${joinEndpoint(base, '/federation/credentials')}?${query}`,
        method: 'GET',
        headers: { 'x-amz-sso_bearer_token': accessToken },
        secrets: [accessToken],
        timeoutMs: deps.timeoutMs,
      });
    } catch (error) {
      if (error instanceof AwsServiceCallError && error.httpStatus === 401) {
        throw new LoginRequiredError(`the IAM Identity Center portal refused the cached token (${error.awsCode ?? 'HTTP 401'}): the session has ended or was revoked`, command, { cause: error });
      }
      if (error instanceof AwsServiceCallError && error.httpStatus === 403) {
        throw new ProviderError('PROVIDER_FAILED', `IAM Identity Center: no access to role ${settings.roleName} in account ${settings.accountId} (${error.awsCode ?? 'HTTP 403'}); check sso_role_name and sso_account_id`, { cause: error });
      }
      throw error;
    }
    const role = answer['roleCredentials'];
    const record = role !== null && typeof role === 'object' ? (role as Record<string, unknown>) : undefined;
    const accessKeyId = stringField(record, 'accessKeyId');
    const secretAccessKey = stringField(record, 'secretAccessKey');
    const sessionToken = stringField(record, 'sessionToken');
    const expiration = record?.['expiration'];
    if (accessKeyId === undefined || secretAccessKey === undefined || sessionToken === undefined || typeof expiration !== 'number') {
      throw new AwsServiceCallError({ service: 'SSO', operation: 'GetRoleCredentials', httpStatus: 200, awsMessage: 'the answer lacks roleCredentials accessKeyId, secretAccessKey, sessionToken or expiration' });
    }
    // `expiration` is epoch milliseconds (the SSO API's one exception to epoch seconds).
    return sealCredentials({ accessKeyId, secretAccessKey, sessionToken, expiration: new Date(expiration), accountId: settings.accountId });
  };
}
