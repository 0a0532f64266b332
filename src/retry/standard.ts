/**
 * The AWS SDKs' "standard" retry mode, shared by every client in sigv4-kit (the fetch wrapper and the
 * STS client of the credential providers): which answers are worth another attempt, full-jitter
 * exponential backoff, and the retry quota that stops an outage from being multiplied by retries.
 * Pure apart from the injected `random` and `sleep`.
 */

/** Settings of the standard retry mode. Every one is optional. */
export interface StandardRetryOptions {
  /** Attempts in all, the first included, for throttling, 5xx and network errors. Default 3; 1 turns retries off. */
  readonly maxAttempts?: number | undefined;
  /** Backoff before retry n (1-based) is uniform in [0, min(maxDelayMs, baseDelayMs * 2^n)) ("full jitter"). Default 100. */
  readonly baseDelayMs?: number | undefined;
  /** Default 20 000. Also caps a server's `Retry-After`. */
  readonly maxDelayMs?: number | undefined;
  /**
   * Retry quota, as the AWS SDKs' standard retry mode keeps it: a bucket of this many tokens per
   * client; a retry after an error answer takes 5, after a lost connection or a timeout 10; a success
   * gives back the cost of its last retry (1 when it needed none). An empty bucket means no retries, so
   * an outage is not multiplied by the retries of every caller. Default 500; `false`: no quota.
   */
  readonly retryQuota?: number | false | undefined;
  /** Uniform [0, 1). Default `Math.random`. */
  readonly random?: (() => number) | undefined;
  /** Waits `ms`; should reject when `signal` aborts. Default: a timer. */
  readonly sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
}

/** {@link StandardRetryOptions} with the defaults filled in and the client's own quota. */
export interface StandardRetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly quota: RetryQuota;
  readonly random: () => number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

// The AWS SDKs' throttling codes (smithy-rs / botocore standard retry mode).
const THROTTLING: ReadonlySet<string> = new Set([
  'Throttling', 'ThrottlingException', 'ThrottledException', 'RequestThrottledException', 'TooManyRequestsException',
  'ProvisionedThroughputExceededException', 'TransactionInProgressException', 'RequestLimitExceeded',
  'BandwidthLimitExceeded', 'LimitExceededException', 'RequestThrottled', 'SlowDown', 'PriorRequestNotComplete',
  'EC2ThrottledException',
]);
// botocore standard mode's transient codes, whatever the status they come with.
const TRANSIENT_CODES: ReadonlySet<string> = new Set(['RequestTimeout', 'RequestTimeoutException']);
const TRANSIENT_STATUS: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

// The standard mode's capacity, cost per retry, cost after a timeout or lost connection, refund of a
// success that needed no retry (smithy-rs, botocore, SDK v3).
const DEFAULT_RETRY_TOKENS = 500;
/** Tokens a retry after an error answer takes from the quota. */
export const RETRY_COST = 5;
/** Tokens a retry after a timeout or a lost connection takes from the quota. */
export const TIMEOUT_RETRY_COST = 10;
const NO_RETRY_INCREMENT = 1;

/** The token bucket of {@link StandardRetryOptions.retryQuota}; one per client. */
export class RetryQuota {
  readonly #capacity: number;
  #available: number;

  /** `capacity` tokens, or `false` for no limit. */
  constructor(capacity: number | false) {
    this.#capacity = capacity === false ? Number.POSITIVE_INFINITY : Math.max(0, Math.floor(capacity));
    this.#available = this.#capacity;
  }

  /** Takes `cost` tokens for a retry; false (and nothing taken) when there are not enough. */
  take(cost: number): boolean {
    if (this.#available < cost) return false;
    this.#available -= cost;
    return true;
  }

  /** A request succeeded: gives back the cost of its last retry, or 1 when it needed none. */
  succeeded(lastRetryCost: number | undefined): void {
    this.#available = Math.min(this.#capacity, this.#available + (lastRetryCost ?? NO_RETRY_INCREMENT));
  }
}

const timer = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => (clearTimeout(id), reject(signal?.reason));
    const id = setTimeout(() => (signal?.removeEventListener('abort', onAbort), resolve()), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Fills in the defaults, with a fresh quota; `false` means a single attempt. */
export function resolveStandardRetry(options: StandardRetryOptions | false | undefined): StandardRetryPolicy {
  const o = options === false ? { maxAttempts: 1 } : (options ?? {});
  return {
    maxAttempts: Math.max(1, Math.floor(o.maxAttempts ?? 3)),
    baseDelayMs: o.baseDelayMs ?? 100,
    maxDelayMs: o.maxDelayMs ?? 20_000,
    quota: new RetryQuota(o.retryQuota ?? DEFAULT_RETRY_TOKENS),
    random: o.random ?? Math.random,
    sleep: o.sleep ?? timer,
  };
}

/** Throttling or a transient server error (an answer, not a lost connection). Never a 403 or another 4xx. */
export function isTransient(status: number, awsCode: string | undefined): boolean {
  return TRANSIENT_STATUS.has(status) || (awsCode !== undefined && (THROTTLING.has(awsCode) || TRANSIENT_CODES.has(awsCode)));
}

/** Backoff before retry `retry` (1 for the first), honouring a `Retry-After` in seconds up to the cap. */
export function backoffMs(retry: number, policy: Pick<StandardRetryPolicy, 'baseDelayMs' | 'maxDelayMs' | 'random'>, retryAfter: string | null): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  const jittered = Math.floor(policy.random() * ceiling);
  const asked = retryAfter !== null && /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter) * 1000 : 0;
  return Math.min(policy.maxDelayMs, Math.max(jittered, asked));
}
