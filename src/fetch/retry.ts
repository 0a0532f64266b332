/** When the fetch wrapper sends a request again: clock skew (once), throttling and 5xx (backoff, idempotent only). */
import type { ServiceErrorDetails } from './serviceError.js';

/** Retry settings of {@link createSignedFetch}. */
export interface RetryOptions {
  /** Attempts in all, the first included, for throttling, 5xx and network errors. Default 3; 1 turns these retries off. */
  readonly maxAttempts?: number | undefined;
  /** Backoff before retry n (1-based) is uniform in [0, min(maxDelayMs, baseDelayMs * 2^n)) ("full jitter"). Default 100. */
  readonly baseDelayMs?: number | undefined;
  /** Default 20 000. Also caps a server's `Retry-After`. */
  readonly maxDelayMs?: number | undefined;
  /**
   * Also retry POST, PATCH and other methods that are not idempotent. Default false: a 5xx or a lost
   * connection does not tell whether the write happened, and a second one could apply it twice.
   */
  readonly retryNonIdempotent?: boolean | undefined;
  /**
   * Retry quota, as the AWS SDKs' standard retry mode keeps it: a bucket of this many tokens per
   * `createSignedFetch`; a retry after an error answer takes 5, after a lost connection 10; a success
   * gives back the cost of its last retry (1 when it needed none). An empty bucket means no retries, so
   * an outage is not multiplied by the retries of every caller. Default 500; `false`: no quota.
   */
  readonly retryQuota?: number | false | undefined;
  /** Uniform [0, 1). Default `Math.random`. */
  readonly random?: (() => number) | undefined;
  /** Waits `ms`; should reject when `signal` aborts. Default: a timer. */
  readonly sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
}

/** {@link RetryOptions} with defaults filled in. */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly retryNonIdempotent: boolean;
  readonly quota: RetryQuota;
  readonly random: () => number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

// RFC 9110 9.2.2.
const IDEMPOTENT: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);
// The AWS SDKs' throttling codes (smithy-rs / botocore standard retry mode).
const THROTTLING: ReadonlySet<string> = new Set([
  'Throttling', 'ThrottlingException', 'ThrottledException', 'RequestThrottledException', 'TooManyRequestsException',
  'ProvisionedThroughputExceededException', 'TransactionInProgressException', 'RequestLimitExceeded',
  'BandwidthLimitExceeded', 'LimitExceededException', 'RequestThrottled', 'SlowDown', 'PriorRequestNotComplete',
  'EC2ThrottledException',
]);
const TRANSIENT_STATUS: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

const timer = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => (clearTimeout(id), reject(signal?.reason));
    const id = setTimeout(() => (signal?.removeEventListener('abort', onAbort), resolve()), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

// The AWS SDKs' standard retry mode (smithy-rs, botocore, SDK v3): capacity, cost per retry, cost
// after a timeout or lost connection, refund of a success that needed no retry.
const DEFAULT_RETRY_TOKENS = 500;
export const RETRY_COST = 5;
export const TIMEOUT_RETRY_COST = 10;
const NO_RETRY_INCREMENT = 1;

/** The token bucket of {@link RetryOptions.retryQuota}; one per createSignedFetch. */
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

/** Fills in the defaults; `false` means a single attempt. */
export function resolveRetry(options: RetryOptions | false | undefined): RetryPolicy {
  const o = options === false ? { maxAttempts: 1 } : (options ?? {});
  return {
    maxAttempts: Math.max(1, Math.floor(o.maxAttempts ?? 3)),
    baseDelayMs: o.baseDelayMs ?? 100,
    maxDelayMs: o.maxDelayMs ?? 20_000,
    retryNonIdempotent: o.retryNonIdempotent ?? false,
    quota: new RetryQuota(o.retryQuota ?? DEFAULT_RETRY_TOKENS),
    random: o.random ?? Math.random,
    sleep: o.sleep ?? timer,
  };
}

/** Whether `method` may be sent again after an outcome that does not tell whether it took effect. */
export function mayRepeat(method: string, policy: RetryPolicy): boolean {
  return policy.retryNonIdempotent || IDEMPOTENT.has(method);
}

/** Throttling or a transient server error. */
export function isTransient(status: number, awsCode: string | undefined): boolean {
  return TRANSIENT_STATUS.has(status) || (awsCode !== undefined && THROTTLING.has(awsCode));
}

/** Backoff before retry `retry` (1 for the first), honouring a `Retry-After` in seconds up to the cap. */
export function backoffMs(retry: number, policy: RetryPolicy, retryAfter: string | null): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  const jittered = Math.floor(policy.random() * ceiling);
  const asked = retryAfter !== null && /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter) * 1000 : 0;
  return Math.min(policy.maxDelayMs, Math.max(jittered, asked));
}

/**
 * A clock-skew refusal: S3's `RequestTimeTooSkewed`, EC2's `RequestExpired`, or a signature error
 * whose message is about time ("Signature expired: ... is now earlier than ...", "Signature not yet
 * current: ... is still later than ...").
 */
export function isSkewError(awsCode: string | undefined, awsMessage: string | undefined): boolean {
  if (awsCode === 'RequestTimeTooSkewed' || awsCode === 'RequestInTheFuture' || awsCode === 'RequestExpired') return true;
  return /Signature expired|Signature not yet current|request time|too skewed/i.test(awsMessage ?? '');
}

/** The server's time: the `Date` header, else S3's `<ServerTime>` in the error body. */
export function serverTime(response: Response, text: string): Date | undefined {
  const candidates = [response.headers.get('date'), /<ServerTime>([^<]+)<\/ServerTime>/.exec(text)?.[1]];
  for (const value of candidates) {
    const time = value ? Date.parse(value) : Number.NaN;
    if (!Number.isNaN(time)) return new Date(time);
  }
  return undefined;
}

/** What to do after an error answer. */
export type NextStep =
  | { readonly kind: 'skew'; readonly serverTime: Date }
  | { readonly kind: 'backoff'; readonly delayMs: number }
  | { readonly kind: 'stop' };

/** Where a request stands when an error answer comes back. */
export interface AttemptState {
  readonly attempt: number;
  readonly method: string;
  /** False for a streamed body, which cannot be sent twice. */
  readonly replayable: boolean;
  readonly skewCorrected: boolean;
}

/**
 * Skew first: a request refused for its time was refused before any processing (authentication),
 * so even a POST may be sent again, once. Then throttling and 5xx, for methods that may repeat, while
 * the retry quota lasts (a backoff step has taken its tokens).
 */
export function nextStep(response: Response, text: string, error: ServiceErrorDetails, state: AttemptState, policy: RetryPolicy): NextStep {
  if (!state.replayable) return { kind: 'stop' };
  const server = serverTime(response, text);
  if (!state.skewCorrected && server !== undefined && isSkewError(error.awsCode, error.awsMessage)) return { kind: 'skew', serverTime: server };
  if (isTransient(error.status, error.awsCode) && state.attempt < policy.maxAttempts && mayRepeat(state.method, policy) && policy.quota.take(RETRY_COST)) {
    return { kind: 'backoff', delayMs: backoffMs(state.attempt, policy, response.headers.get('retry-after')) };
  }
  return { kind: 'stop' };
}
