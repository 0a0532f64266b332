/**
 * The EC2 instance metadata (IMDS) wire protocol: an IMDSv2 session token, cached until two
 * minutes before its TTL, sent with every GET; retries (by default one) on a 5xx or a broken
 * connection, one on a rejected token; IMDSv1 (no token) only when the caller allows it.
 */
import { ProviderError } from '../../errors.js';
import { exchange, type Exchange, type TextResponse } from '../http.js';
import type { Clock, FetchLike } from '../provider.js';

/** Settings of {@link createImdsClient}. */
export interface ImdsClientSettings {
  readonly endpoint: string;
  readonly fetch: FetchLike;
  readonly clock: Clock;
  readonly timeoutMs: number;
  readonly tokenTtlSeconds: number;
  /** Fall back to IMDSv1 when the token PUT is refused (403/404/405) or times out. */
  readonly allowV1: boolean;
  /** Why v1 is off, for the error message (`allowV1 is not set`, `AWS_EC2_METADATA_V1_DISABLED=true`). */
  readonly v1Refusal: string;
  /** Attempts per request (token PUT, each GET) after a 5xx or a broken connection. */
  readonly attempts: number;
  /**
   * Also retry timeouts and refused connections (botocore's num_attempts does). Off by default so that
   * off EC2 the provider gives up after one timeout; on when the attempts were configured.
   */
  readonly retryEveryFailure: boolean;
}

/** GETs metadata paths. Answers other than 401/5xx (including 404) are returned to the caller. */
export interface ImdsClient {
  get(path: string): Promise<TextResponse>;
}

const TTL_HEADER = 'x-aws-ec2-metadata-token-ttl-seconds';
const TOKEN_HEADER = 'x-aws-ec2-metadata-token';
const SOURCE = 'instance metadata (IMDS)';
const REFRESH_EARLY_MS = 120_000;

/** A client with its own token cache. One per provider: tokens are never shared across providers. */
export function createImdsClient(settings: ImdsClientSettings): ImdsClient {
  let token: { readonly value: string | undefined; readonly expiresAt: number } | undefined;
  const send = (path: string, init: RequestInit): Promise<Exchange> =>
    exchange(settings.fetch, settings.endpoint + path, init, settings.timeoutMs, SOURCE);

  async function currentToken(): Promise<string | undefined> {
    const now = settings.clock().getTime();
    if (token !== undefined && now < token.expiresAt) return token.value;
    const result = await withRetries(settings, () => send('/latest/api/token', { method: 'PUT', headers: { [TTL_HEADER]: String(settings.tokenTtlSeconds) } }));
    const refused = result.ok ? [403, 404, 405].includes(result.response.status) : result.error.code === 'METADATA_TIMEOUT';
    if (refused) {
      if (!settings.allowV1) {
        if (!result.ok) throw result.error;
        throw new ProviderError('PROVIDER_FAILED', `${SOURCE}: the IMDSv2 token request was refused (HTTP ${result.response.status}) and IMDSv1 is off (${settings.v1Refusal})`);
      }
      token = { value: undefined, expiresAt: Number.POSITIVE_INFINITY }; // sticky: this endpoint speaks v1 only
      return undefined;
    }
    if (!result.ok) throw result.error;
    if (result.response.status !== 200 || result.response.text.trim() === '') throw unexpected('PUT /latest/api/token', result.response.status);
    const ttl = Number(result.response.headers.get(TTL_HEADER) ?? settings.tokenTtlSeconds);
    const ttlMs = (Number.isFinite(ttl) && ttl > 0 ? ttl : settings.tokenTtlSeconds) * 1000;
    token = { value: result.response.text.trim(), expiresAt: now + ttlMs - Math.min(REFRESH_EARLY_MS, ttlMs / 2) };
    return token.value;
  }

  async function getOnce(path: string): Promise<Exchange> {
    const value = await currentToken();
    return send(path, { method: 'GET', headers: value === undefined ? {} : { [TOKEN_HEADER]: value } });
  }

  return {
    async get(path) {
      let result = await withRetries(settings, () => getOnce(path));
      if (result.ok && result.response.status === 401 && token?.value !== undefined) {
        token = undefined; // expired or revoked early (e.g. instance stop/start): get a new one, once
        result = await getOnce(path);
      }
      if (!result.ok) throw result.error;
      if (result.response.status === 401 || result.response.status >= 500) throw unexpected(`GET ${path}`, result.response.status);
      return result.response;
    },
  };
}

async function withRetries(settings: ImdsClientSettings, run: () => Promise<Exchange>): Promise<Exchange> {
  for (let attempt = 1; ; attempt++) {
    const result = await run();
    const again = result.ok ? result.response.status >= 500 : result.retryable || settings.retryEveryFailure;
    if (!again || attempt >= settings.attempts) return result;
  }
}

function unexpected(what: string, status: number): ProviderError {
  return new ProviderError('PROVIDER_FAILED', `${SOURCE}: ${what} answered HTTP ${status}`);
}
