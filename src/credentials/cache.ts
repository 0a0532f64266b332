/**
 * cached: the one refresh policy wrapped around every refreshable provider. It follows the AWS SDKs'
 * 2026 "credential refresh behavior" rules: a background (advisory) window chosen from the
 * credentials' lifetime, a blocking (mandatory) window of one minute, serve-stale with a 5–10 minute
 * backoff when a refresh fails, and never an expired set. A failure with nothing valid cached is
 * remembered for a short jittered backoff, and no caller waits longer than a bound for a fetch.
 */
import { CredentialsError, ProviderError, type SigV4Error } from '../errors.js';
import type { Credentials } from '../sigv4/types.js';
import { msUntilExpiry } from './credentials.js';
import { asProviderError, isNoCredentials } from './errors.js';
import { type Clock, systemClock } from '../clock.js';
import type { CredentialProvider } from './provider.js';
import { refuseSelfReference } from './reentry.js';

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
  /**
   * After a failed fetch with no valid credentials to serve, callers get the same error at once for a
   * uniform time in this range instead of each calling the source again (a failing STS under a busy
   * signer). `NO_CREDENTIALS` is not remembered (a chain must see a source appear). Default 1–3 s.
   */
  readonly failureBackoffMs?: readonly [min: number, max: number] | undefined;
  /**
   * Longest a caller waits for the shared fetch when no valid credentials are cached; then it gets
   * `PROVIDER_FAILED` while the fetch goes on (its result serves later callers). Raise it for
   * sources that wait for a person (MFA codes). Default 60 s.
   */
  readonly maxWaitMs?: number | undefined;
  /**
   * In the mandatory window, how long a caller waits for the refresh before it is served the
   * current, still valid credentials (a hanging source then costs each caller this, not its timeout).
   * Default 2 s.
   */
  readonly mandatoryWaitMs?: number | undefined;
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
 *   served) and retried after a jittered backoff; once they expire, the failure reaches the caller,
 *   and every caller for the next 1–3 s (`failureBackoffMs`) gets it without a new attempt;
 * - no caller waits for a fetch longer than `maxWaitMs` (60 s), or in the mandatory window
 *   `mandatoryWaitMs` (2 s, then the still valid credentials are served);
 * - credentials whose expiry has passed are never returned; credentials without one are kept forever.
 * Errors from `provider` pass through unchanged (so a chain still sees `NO_CREDENTIALS`).
 * @example
 * const provider = cached(myProvider, { clock: () => new Date() });
 */
export function cached(provider: CredentialProvider, options: CacheOptions = {}): CredentialProvider {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const [minBackoff, maxBackoff] = options.retryBackoffMs ?? [5 * MINUTE, 10 * MINUTE];
  const [minFailure, maxFailure] = options.failureBackoffMs ?? [1000, 3000];
  const maxWaitMs = options.maxWaitMs ?? MINUTE;
  const mandatoryWaitMs = options.mandatoryWaitMs ?? 2000;
  let entry: Entry | undefined;
  let inFlight: Promise<Credentials> | undefined;
  let retryAt = Number.NEGATIVE_INFINITY;
  // The last failure while nothing valid was cached, and until when it is answered without a new attempt.
  let failure: { readonly error: SigV4Error; readonly until: number } | undefined;
  const now = (): number => clock().getTime();

  async function load(): Promise<Credentials> {
    try {
      const next = await provider();
      const at = now();
      const expired = expiredError(next, new Date(at), options.source ?? 'the credential source');
      if (expired) throw expired;
      entry = toEntry(next, at, options);
      retryAt = Number.NEGATIVE_INFINITY;
      failure = undefined;
      return next;
    } catch (error) {
      const at = now();
      if (entry !== undefined && at < entry.expiresAt) {
        retryAt = at + minBackoff + random() * (maxBackoff - minBackoff);
        return entry.credentials;
      }
      const wrapped = asProviderError(error, 'the credential source failed');
      if (!isNoCredentials(wrapped)) failure = { error: wrapped, until: at + minFailure + random() * (maxFailure - minFailure) };
      throw wrapped;
    }
  }

  /** The shared fetch, waited for at most `ms`; then the still valid `fallback`, or an error. */
  function waitFor(ms: number, fallback: Entry | undefined): Promise<Credentials> {
    const flight = refresh();
    if (!Number.isFinite(ms)) return flight;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        if (fallback !== undefined && now() < fallback.expiresAt) resolve(fallback.credentials);
        else reject(new ProviderError('PROVIDER_FAILED', `the credential source did not answer within ${ms} ms (a fetch is still running; raise the cache's maxWaitMs for slow sources)`));
      }, ms);
      flight.then((value) => {
        clearTimeout(timer);
        resolve(value);
      }, (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  // Cleared in .finally, which always runs on a later tick, so a provider that throws
  // synchronously cannot leave a settled promise behind as "in flight".
  const start = refuseSelfReference(load, 'a cached credential provider');
  const refresh = (): Promise<Credentials> => (inFlight ??= start().finally(() => (inFlight = undefined)));

  return () => {
    const at = now();
    if (entry === undefined || at >= entry.expiresAt) {
      if (failure !== undefined && at < failure.until && inFlight === undefined) return Promise.reject(failure.error);
      return waitFor(maxWaitMs, undefined);
    }
    if (at < entry.advisoryAt || at < retryAt) return Promise.resolve(entry.credentials);
    if (at < entry.mandatoryAt) {
      refresh().catch(() => undefined); // the outcome is recorded in `entry` / `retryAt`
      return Promise.resolve(entry.credentials);
    }
    return waitFor(mandatoryWaitMs, entry);
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
