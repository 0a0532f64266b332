/**
 * fromLogin: the short-lived keys `aws login` keeps for a console session (`login_session` profiles),
 * refreshed through the Sign-In service's `CreateOAuth2Token` with a DPoP proof.
 */
import { ProviderError } from '../../errors.js';
import { withCache } from '../cache.js';
import { sealCredentials } from '../credentials.js';
import { checkEndpointUrl, checkRegion, configuredEndpoint, joinEndpoint, type ProfileContext } from '../endpoint.js';
import { AwsServiceCallError, LoginRequiredError } from '../errors.js';
import { callJson } from '../jsonCall.js';
import type { Profile } from '../profile/profileSet.js';
import { type CredentialProvider, envValue, type Runtime, resolveRuntime } from '../provider.js';
import {
  awsHomePath,
  envDirectory,
  formatCacheTime,
  inDirectory,
  loadSelectedProfile,
  parseCacheTime,
  readTokenFile,
  type SessionDeps,
  type SessionProviderOptions,
  stringField,
  writeTokenFile,
} from '../tokenFile.js';
import { dpopProof, readDpopKey } from './dpop.js';
import { loadNodeCrypto, writePrivateFile } from '#io';

/** Refresh cached keys this close to expiry (botocore's and the JS SDK's `REFRESH_THRESHOLD`). */
export const LOGIN_REFRESH_WINDOW_MS = 5 * 60_000;

/** Options of {@link fromLogin}. */
export interface LoginOptions extends SessionProviderOptions {
  /** Where `aws login` keeps sessions. Default: `AWS_LOGIN_CACHE_DIRECTORY`, else `~/.aws/login/cache`. */
  readonly loginCacheDirectory?: string | undefined;
}

/**
 * Credentials of an `aws login` console session (root user, IAM user or federated user): a profile
 * with `login_session = <ARN>`. The keys come from `<AWS_LOGIN_CACHE_DIRECTORY or
 * ~/.aws/login/cache>/<sha256 hex of the login_session>.json` while they have more than five
 * minutes left; then the file is re-read (another process may have refreshed it) and, if still
 * due, Sign-In's `POST /v1/token` refreshes them with the cached refresh token and a DPoP proof
 * signed by the cached `dpopKey`; the file is rewritten atomically (mode 0600) keeping `accountId`
 * and every other field. Sign-In's region: the cache's `signInRegion`, the profile's `region`,
 * `AWS_REGION`; endpoint: `AWS_ENDPOINT_URL_SIGNIN`, `AWS_ENDPOINT_URL`, the `[services]` `signin`
 * entry, `endpoint_url`, else `https://<region>.signin.aws.amazon.com`.
 * @example
 * const provider = fromLogin({ profile: 'console' });
 * const { accessKeyId, accountId } = await provider();
 * @throws {LoginRequiredError} `CREDENTIALS_EXPIRED` when the cache file is missing or incomplete, or
 *   Sign-In answers `TOKEN_EXPIRED` / `USER_CREDENTIALS_CHANGED`: run `aws login`.
 * @throws {ProviderError} `PROVIDER_FAILED` for `INSUFFICIENT_PERMISSIONS` (names
 *   `signin:CreateOAuth2Token`), a profile without `login_session`, or no region; `PROFILE_NOT_FOUND`.
 */
export function fromLogin(options: LoginOptions = {}): CredentialProvider {
  const runtime = resolveRuntime(options);
  const provider: CredentialProvider = async () => {
    const { name, profile, context } = await loadSelectedProfile(options, runtime);
    const loginSession = profile.get('login_session');
    if (loginSession === undefined) throw new ProviderError('PROVIDER_FAILED', `profile ${name} has no login_session; run \`aws login --profile ${name}\` to create one`);
    return loginProvider({ loginSession, profileName: name, profile }, loginDeps(options, runtime, context))();
  };
  return withCache(provider, options.cache, runtime.clock);
}

/** Which session, and the profile that names it (for its region and the `aws login` hint). */
export interface LoginSettings {
  readonly loginSession: string;
  readonly profileName: string;
  readonly profile: Profile;
}

/** Fills in the cache directory and writer. */
export function loginDeps(
  options: Pick<LoginOptions, 'loginCacheDirectory' | 'writeFile' | 'timeoutMs' | 'platform'>,
  runtime: Runtime,
  context: ProfileContext | undefined,
): SessionDeps {
  const cacheDirectory =
    options.loginCacheDirectory ?? envDirectory(runtime.env, 'AWS_LOGIN_CACHE_DIRECTORY', options.platform) ?? awsHomePath(runtime.env, options.platform, 'login', 'cache');
  if (cacheDirectory === undefined) throw new ProviderError('PROVIDER_FAILED', 'no home directory (HOME) to find ~/.aws/login/cache in: set HOME or AWS_LOGIN_CACHE_DIRECTORY');
  return { runtime, cacheDirectory, writeFile: options.writeFile ?? writePrivateFile, context, timeoutMs: options.timeoutMs };
}

/** `<cache dir>/<sha256 hex of the login_session>.json`. */
export function loginTokenPath(cacheDirectory: string, loginSession: string): string {
  return inDirectory(cacheDirectory, `${loadNodeCrypto().createHash('sha256').update(loginSession, 'utf8').digest('hex')}.json`);
}

/** The command that signs this profile in again. */
function loginCommand(profileName: string): string {
  return profileName === 'default' ? 'aws login' : `aws login --profile ${profileName}`;
}

interface CachedKeys {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly accountId: string;
  readonly expiresAt: Date;
}

/** The uncached provider. */
export function loginProvider(settings: LoginSettings, deps: SessionDeps): CredentialProvider {
  const path = loginTokenPath(deps.cacheDirectory, settings.loginSession);
  const command = loginCommand(settings.profileName);
  const load = async (): Promise<{ token: Record<string, unknown>; keys: CachedKeys }> => {
    const token = await readTokenFile(deps.runtime.readFile, path);
    if (token === undefined) throw new LoginRequiredError(`no aws login session for ${settings.loginSession} (${path} does not exist)`, command);
    const keys = token === 'invalid' ? undefined : cachedKeys(token);
    if (token === 'invalid' || keys === undefined) throw new LoginRequiredError(`the aws login cache ${path} has no valid accessToken (accessKeyId, secretAccessKey, sessionToken, accountId, expiresAt)`, command);
    return { token, keys };
  };
  const toCredentials = (keys: CachedKeys) =>
    sealCredentials({ accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey, sessionToken: keys.sessionToken, expiration: keys.expiresAt, accountId: keys.accountId });
  const fresh = (keys: CachedKeys): boolean => keys.expiresAt.getTime() - deps.runtime.clock().getTime() > LOGIN_REFRESH_WINDOW_MS;

  return async () => {
    const first = await load();
    if (fresh(first.keys)) return toCredentials(first.keys);
    // Another process (the CLI, another SDK) may have refreshed it meanwhile: read it again before
    // spending the refresh token, which Sign-In rotates.
    const { token, keys } = await load();
    if (fresh(keys)) return toCredentials(keys);
    const result = await refresh(token, keys, settings, deps, path, command);
    if (!('failed' in result)) return toCredentials(result);
    // Sign-In unreachable or failing (5xx) while the keys still work: use them (both SDKs do; the
    // cache retries after a backoff). A refusal never gets here: it is thrown as it is.
    if (keys.expiresAt.getTime() <= deps.runtime.clock().getTime()) throw result.failed;
    deps.runtime.warn(`aws login refresh for ${settings.loginSession} failed (${result.failed.message}); using the current keys until ${keys.expiresAt.toISOString()}`);
    return toCredentials(keys);
  };
}

function cachedKeys(token: Record<string, unknown>): CachedKeys | undefined {
  const raw = token['accessToken'];
  const record = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : undefined;
  const accessKeyId = stringField(record, 'accessKeyId');
  const secretAccessKey = stringField(record, 'secretAccessKey');
  const sessionToken = stringField(record, 'sessionToken');
  const accountId = stringField(record, 'accountId');
  const expiresAt = parseCacheTime(record?.['expiresAt']);
  if (!accessKeyId || !secretAccessKey || !sessionToken || !accountId || !expiresAt) return undefined;
  return { accessKeyId, secretAccessKey, sessionToken, accountId, expiresAt };
}

/** New keys, or the transient failure (network, 5xx) that kept us from getting them. Refusals throw. */
async function refresh(
  token: Record<string, unknown>,
  keys: CachedKeys,
  settings: LoginSettings,
  deps: SessionDeps,
  path: string,
  command: string,
): Promise<CachedKeys | { readonly failed: Error }> {
  const clientId = stringField(token, 'clientId');
  const refreshToken = stringField(token, 'refreshToken');
  const pem = stringField(token, 'dpopKey');
  if (clientId === undefined || refreshToken === undefined || pem === undefined) {
    throw new LoginRequiredError(`the aws login cache ${path} lacks clientId, refreshToken or dpopKey, so the keys cannot be refreshed`, command);
  }
  const regionValue = stringField(token, 'signInRegion') ?? settings.profile.get('region') ?? envValue(deps.runtime.env, 'AWS_REGION');
  if (regionValue === undefined || regionValue.trim() === '') {
    throw new ProviderError('PROVIDER_FAILED', `no region for the Sign-In service: the cache has no signInRegion; set region in profile ${settings.profileName} or AWS_REGION`);
  }
  const region = checkRegion(regionValue, 'Sign-In');
  const base = checkEndpointUrl(configuredEndpoint('SIGNIN', deps.runtime.env, deps.context) ?? defaultSignInEndpoint(region), 'Sign-In');
  const url = joinEndpoint(base, '/v1/token');
  const key = readDpopKey(pem, path);
  let answer: Record<string, unknown>;
  try {
    answer = await callJson(deps.runtime.fetch, {
      service: 'Sign-In',
      operation: 'CreateOAuth2Token',
      url,
      method: 'POST',
      // Unsigned: the refresh token, bound to the DPoP key, is the proof.
      headers: { 'content-type': 'application/json', dpop: dpopProof(key, 'POST', url, deps.runtime.clock()) },
      body: JSON.stringify({ clientId, grantType: 'refresh_token', refreshToken }),
      secrets: [refreshToken],
      timeoutMs: deps.timeoutMs,
    });
  } catch (error) {
    const refused = refreshError(error, command);
    if (refused !== undefined) throw refused;
    return { failed: error as Error };
  }
  const next = readAnswer(answer);
  const expiresAt = new Date(deps.runtime.clock().getTime() + next.expiresIn * 1000);
  const previous = token['accessToken'] as Record<string, unknown>;
  const updated: Record<string, unknown> = {
    ...token,
    accessToken: { ...previous, accessKeyId: next.accessKeyId, secretAccessKey: next.secretAccessKey, sessionToken: next.sessionToken, accountId: keys.accountId, expiresAt: formatCacheTime(expiresAt) },
    refreshToken: next.refreshToken,
  };
  try {
    await writeTokenFile(deps.writeFile, path, updated);
  } catch (error) {
    // The old refresh token is spent: without the new one on disk the next process must sign in again.
    deps.runtime.warn(`could not write the refreshed aws login session to ${path}: ${(error as Error).message}`);
  }
  return { accessKeyId: next.accessKeyId, secretAccessKey: next.secretAccessKey, sessionToken: next.sessionToken, accountId: keys.accountId, expiresAt };
}

/** `https://<region>.signin.aws.amazon.com` (and the China and GovCloud forms), from the Sign-In endpoint rule set. */
function defaultSignInEndpoint(region: string): string {
  if (region.startsWith('cn-')) return `https://${region}.signin.amazonaws.cn`;
  if (region.startsWith('us-gov-')) return `https://${region}.signin.amazonaws-us-gov.com`;
  return `https://${region}.signin.aws.amazon.com`;
}

/** The error to throw for a refusal, or `undefined` for a transient failure. */
function refreshError(error: unknown, command: string): Error | undefined {
  if (!(error instanceof AwsServiceCallError)) return undefined;
  const reason = error.oauthError ?? error.awsCode;
  if (reason === 'TOKEN_EXPIRED' || reason === 'AUTHCODE_EXPIRED') {
    return new LoginRequiredError('the aws login session has expired (Sign-In answered TOKEN_EXPIRED)', command, { cause: error });
  }
  if (reason === 'USER_CREDENTIALS_CHANGED') {
    return new LoginRequiredError("the aws login session ended because the user's password or credentials changed (USER_CREDENTIALS_CHANGED)", command, { cause: error });
  }
  if (reason === 'INSUFFICIENT_PERMISSIONS') {
    return new ProviderError('PROVIDER_FAILED', 'Sign-In refused to refresh the aws login session (INSUFFICIENT_PERMISSIONS): the principal needs signin:CreateOAuth2Token', { cause: error });
  }
  if (error.httpStatus === 400 || error.httpStatus === 401 || error.httpStatus === 403) {
    return new LoginRequiredError(`Sign-In refused to refresh the aws login session (${reason ?? `HTTP ${error.httpStatus}`})`, command, { cause: error });
  }
  return error.httpStatus === 200 ? error : undefined;
}

function readAnswer(answer: Record<string, unknown>) {
  const raw = answer['accessToken'];
  const record = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : undefined;
  const accessKeyId = stringField(record, 'accessKeyId');
  const secretAccessKey = stringField(record, 'secretAccessKey');
  const sessionToken = stringField(record, 'sessionToken');
  const refreshToken = stringField(answer, 'refreshToken');
  const expiresIn = answer['expiresIn'];
  if (!accessKeyId || !secretAccessKey || !sessionToken || !refreshToken || typeof expiresIn !== 'number' || !(expiresIn > 0)) {
    throw new AwsServiceCallError({ service: 'Sign-In', operation: 'CreateOAuth2Token', httpStatus: 200, awsMessage: 'the answer lacks accessToken (accessKeyId, secretAccessKey, sessionToken), expiresIn or refreshToken' });
  }
  return { accessKeyId, secretAccessKey, sessionToken, refreshToken, expiresIn };
}
