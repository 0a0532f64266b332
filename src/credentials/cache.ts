/**
 * cached: the one refresh policy wrapped around every refreshable provider. It follows the AWS SDKs'
 * 2026 "credential refresh behavior" rules: a background (advisory) window chosen from the
 * credentials' lifetime, a blocking (mandatory) window of one minute, serve-stale with a 5–10 minute
 * backoff when a refresh fails, and never an expired set.
 */
import { CredentialsError } from '../errors.js';
import type { Credentials } from '../sigv4/types.js';
import { msUntilExpiry } from './credentials.js';
import { asProviderError } from './errors.js';
import { type Clock, systemClock } from '../clock.js';
import type { CredentialProvider } from './provider.js';

/** Options of {@link cached}. Times in milliseconds. */
export interface CacheOptions {
  /** Default: the system clock. */
  readonly clock?: Clock | undefined;
  /** Uniform [0, 1) source for the backoff jitter. Default: `Math.random`. */
  readonly random?: (() => number) | undefined;
  /**
   * Inside this window before expiry one caller starts a background refresh and everyone keeps the
   * current credentials. Default: from the lifetime at fetch time: up to 20 min → 5 min, up to 90 min
   * → 15 min, longer → 60 min; never more than half the lifetime.
   */
  readonly advisoryWindowMs?: number | undefined;
  /** Inside this window before expiry callers wait for the refresh. Default: 60 s (at most a quarter of the lifetime). */
  readonly mandatoryWindowMs?: number | undefined;
  /** After a failed refresh while the current credentials still work, wait a uniform time in this range. Default: 5–10 min. */
  readonly retryBackoffMs?: readonly [min: number, max: number] | undefined;
  /** Names the source in the error for credentials that arrive expired, e.g. `'my vault'`. Default: "the credential source". */
  readonly source?: string | undefined;
}

interface Entry {
  readonly credentials: Credentials;
  readonly expiresAt: number;
  readonly advisoryAt: number;
  readonly mandatoryAt: number;
}

const MINUTE = 60_000;

/**
 * Wraps `provider` so that it is called once per credential lifetime, whatever the number of callers:
 * - at most one fetch is in flight; every concurrent caller shares it;
 * - in the advisory window callers get the current credentials at once while one refresh runs;
 * - in the mandatory window, and after expiry, callers wait for that refresh;
 * - a refresh that fails while the current credentials are still valid is ignored (they keep being
 *   served) and retried after a jittered backoff; once they expire, the failure reaches the caller;
 * - credentials whose expiry has passed are never returned; credentials without one are kept forever.
 * Errors from `provider` pass through unchanged (so a chain still sees `NO_CREDENTIALS`).
 * @example
 * const provider = cached(myProvider, { clock: () => new Date() });
 */
export function cached(provider: CredentialProvider, options: CacheOptions = {}): CredentialProvider {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const [minBackoff, maxBackoff] = options.retryBackoffMs ?? [5 * MINUTE, 10 * MINUTE];
  let entry: Entry | undefined;
  let inFlight: Promise<Credentials> | undefined;
  let retryAt = Number.NEGATIVE_INFINITY;
  const now = (): number => clock().getTime();

  async function load(): Promise<Credentials> {
    try {
      const next = await provider();
      const at = now();
      const expired = expiredError(next, new Date(at), options.source ?? 'the credential source');
      if (expired) throw expired;
      entry = toEntry(next, at, options);
      retryAt = Number.NEGATIVE_INFINITY;
      return next;
    } catch (error) {
      const at = now();
      if (entry !== undefined && at < entry.expiresAt) {
        retryAt = at + minBackoff + random() * (maxBackoff - minBackoff);
        return entry.credentials;
      }
      throw asProviderError(error, 'the credential source failed');
    }
  }

  // Cleared in .finally, which always runs on a later tick, so a provider that throws
  // synchronously cannot leave a settled promise behind as "in flight".
  const refresh = (): Promise<Credentials> => (inFlight ??= load().finally(() => (inFlight = undefined)));

  return () => {
    const at = now();
    if (entry === undefined || at >= entry.expiresAt) return refresh();
    if (at < entry.advisoryAt || at < retryAt) return Promise.resolve(entry.credentials);
    if (at < entry.mandatoryAt) {
      refresh().catch(() => undefined); // the outcome is recorded in `entry` / `retryAt`
      return Promise.resolve(entry.credentials);
    }
    return refresh();
  };
}

function toEntry(credentials: Credentials, at: number, options: CacheOptions): Entry {
  const expiresAt = credentials.expiration?.getTime() ?? Number.POSITIVE_INFINITY;
  const lifetime = expiresAt - at;
  const mandatory = options.mandatoryWindowMs ?? Math.min(MINUTE, lifetime / 4);
  const byLifetime = lifetime <= 20 * MINUTE ? 5 * MINUTE : lifetime <= 90 * MINUTE ? 15 * MINUTE : 60 * MINUTE;
  // Without the half-lifetime cap, 4-minute credentials would refresh on every call (aws-sdk-js-v3 probe).
  const advisory = Math.max(options.advisoryWindowMs ?? Math.min(byLifetime, lifetime / 2), mandatory);
  return { credentials, expiresAt, advisoryAt: expiresAt - advisory, mandatoryAt: expiresAt - mandatory };
}

/** `cached(provider)` with the runtime's clock, or `provider` itself when caching is switched off. */
export function withCache(provider: CredentialProvider, cache: CacheOptions | false | undefined, clock: Clock, source?: string): CredentialProvider {
  return cache === false ? provider : cached(provider, { source, ...cache, clock: cache?.clock ?? clock });
}

/** `CREDENTIALS_EXPIRED` naming `source` and the expiry when `credentials` expired at or before `at`, else undefined. */
export function expiredError(credentials: Credentials, at: Date, source: string): CredentialsError | undefined {
  if (msUntilExpiry(credentials, at) > 0) return undefined;
  return new CredentialsError('CREDENTIALS_EXPIRED', `${source} returned credentials that expired at ${credentials.expiration!.toISOString()} (now ${at.toISOString()}): renew them there`);
}

/** `provider`, refusing expired credentials with {@link expiredError} naming `source`: a chain entry says where they came from. */
export function refuseExpired(provider: CredentialProvider, source: string, clock: Clock): CredentialProvider {
  return async () => {
    const credentials = await provider();
    const expired = expiredError(credentials, clock(), source);
    if (expired) throw expired;
    return credentials;
  };
}
