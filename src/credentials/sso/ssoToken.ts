/**
 * The IAM Identity Center access token: read from `~/.aws/sso/cache/<sha1>.json` (the file
 * `aws sso login` writes), refreshed with SSO-OIDC `CreateToken` when an sso-session token is within
 * five minutes of expiry (the JS SDK's window), and written back atomically with mode 0600, keeping
 * every field it does not replace. A legacy (profile-level `sso_start_url`) token is never refreshed.
 */
import { checkEndpointUrl, checkRegion, configuredEndpoint, dnsSuffix, joinEndpoint } from '../endpoint.js';
import { AwsServiceCallError, LoginRequiredError } from '../errors.js';
import { callJson } from '../jsonCall.js';
import { formatCacheTime, inDirectory, parseCacheTime, readTokenFile, type SessionDeps, stringField, writeTokenFile } from '../tokenFile.js';
import { type SsoSettings, ssoLoginCommand } from './ssoProfile.js';
import { loadNodeCrypto } from '#io';

/** Refresh an sso-session token this close to its expiry (the JS SDK's `EXPIRE_WINDOW_MS`). */
export const SSO_TOKEN_REFRESH_WINDOW_MS = 5 * 60_000;
/** After a failed refresh, do not try again for this long while the old token still works (JS SDK). */
const REFRESH_THROTTLE_MS = 30_000;

/** `<cache dir>/<sha1 hex of the session name, or of the start URL for the legacy form>.json`. */
export function ssoTokenPath(cacheDirectory: string, settings: Pick<SsoSettings, 'sessionName' | 'startUrl'>): string {
  const key = loadNodeCrypto().createHash('sha1').update(settings.sessionName ?? settings.startUrl, 'utf8').digest('hex');
  return inDirectory(cacheDirectory, `${key}.json`);
}

/** A token loader for one profile; it remembers when it last tried a refresh (the throttle). */
export function ssoTokenLoader(settings: SsoSettings, deps: SessionDeps): () => Promise<string> {
  let lastAttempt = Number.NEGATIVE_INFINITY;
  const command = ssoLoginCommand(settings);
  const path = ssoTokenPath(deps.cacheDirectory, settings);
  const who = settings.sessionName === undefined ? `start URL ${settings.startUrl}` : `sso-session ${settings.sessionName}`;

  return async () => {
    const token = await readTokenFile(deps.runtime.readFile, path);
    if (token === undefined) throw new LoginRequiredError(`no IAM Identity Center token for ${who} (${path} does not exist)`, command);
    const accessToken = token === 'invalid' ? undefined : stringField(token, 'accessToken');
    const expiresAt = token === 'invalid' ? undefined : parseCacheTime(token['expiresAt']);
    if (token === 'invalid' || accessToken === undefined || expiresAt === undefined) {
      throw new LoginRequiredError(`the IAM Identity Center token cache ${path} has no valid accessToken and expiresAt`, command);
    }
    const now = deps.runtime.clock().getTime();
    const left = expiresAt.getTime() - now;
    if (left > SSO_TOKEN_REFRESH_WINDOW_MS) return accessToken;
    if (settings.sessionName === undefined) {
      // The legacy form has no refresh registration: the SDKs use the token until it expires.
      if (left > 0) return accessToken;
      throw new LoginRequiredError(`the IAM Identity Center token for ${who} expired at ${expiresAt.toISOString()}`, command);
    }
    if (now - lastAttempt < REFRESH_THROTTLE_MS && left > 0) return accessToken;
    lastAttempt = now;
    const refreshed = await refresh(token, settings, deps, path, command).catch((error: unknown) => {
      // A refresh that fails while the token still works is not worth failing for (both SDKs agree).
      if (left > 0) {
        deps.runtime.warn(`IAM Identity Center token refresh for ${who} failed (${(error as Error).message}); using the current token until ${expiresAt.toISOString()}`);
        return undefined;
      }
      throw error;
    });
    return refreshed ?? accessToken;
  };
}

async function refresh(token: Record<string, unknown>, settings: SsoSettings, deps: SessionDeps, path: string, command: string): Promise<string> {
  const clientId = stringField(token, 'clientId');
  const clientSecret = stringField(token, 'clientSecret');
  const refreshToken = stringField(token, 'refreshToken');
  const expired = `the IAM Identity Center token for sso-session ${settings.sessionName ?? ''} has expired`;
  if (clientId === undefined || clientSecret === undefined || refreshToken === undefined) {
    throw new LoginRequiredError(`${expired} and ${path} holds no refresh token and client registration`, command);
  }
  const registrationExpiresAt = parseCacheTime(token['registrationExpiresAt']);
  if (registrationExpiresAt !== undefined && registrationExpiresAt.getTime() <= deps.runtime.clock().getTime()) {
    throw new LoginRequiredError(`${expired} and its client registration expired at ${registrationExpiresAt.toISOString()}`, command);
  }
  const region = checkRegion(settings.region, 'sso_region');
  const base = checkEndpointUrl(configuredEndpoint('SSO_OIDC', deps.runtime.env, deps.context) ?? `https://oidc.${region}.${dnsSuffix(region)}`, 'SSO-OIDC');
  let answer: Record<string, unknown>;
  try {
    answer = await callJson(deps.runtime.fetch, {
      service: 'SSO-OIDC',
      operation: 'CreateToken',
      url: joinEndpoint(base, '/token'),
      method: 'POST',
      // Unsigned, as in both SDKs: the refresh token and client secret are the proof.
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId, clientSecret, grantType: 'refresh_token', refreshToken }),
      secrets: [clientSecret, refreshToken],
      timeoutMs: deps.timeoutMs,
    });
  } catch (error) {
    if (error instanceof AwsServiceCallError && error.httpStatus >= 400 && error.httpStatus < 500) {
      throw new LoginRequiredError(`SSO-OIDC refused to refresh the token for sso-session ${settings.sessionName ?? ''} (${error.awsCode ?? `HTTP ${error.httpStatus}`})`, command, { cause: error });
    }
    throw error;
  }
  const accessToken = stringField(answer, 'accessToken');
  const expiresIn = answer['expiresIn'];
  if (accessToken === undefined || typeof expiresIn !== 'number' || !(expiresIn > 0)) {
    throw new AwsServiceCallError({ service: 'SSO-OIDC', operation: 'CreateToken', httpStatus: 200, awsMessage: 'the answer lacks accessToken or expiresIn' });
  }
  const newRefreshToken = stringField(answer, 'refreshToken');
  const updated: Record<string, unknown> = {
    ...token,
    accessToken,
    expiresAt: formatCacheTime(new Date(deps.runtime.clock().getTime() + expiresIn * 1000)),
    ...(newRefreshToken === undefined ? {} : { refreshToken: newRefreshToken }),
  };
  try {
    await writeTokenFile(deps.writeFile, path, updated);
  } catch (error) {
    // The new token works for this process; the next one refreshes again. Say so, without the token.
    deps.runtime.warn(`could not write the refreshed IAM Identity Center token to ${path}: ${(error as Error).message}`);
  }
  return accessToken;
}
