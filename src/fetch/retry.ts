/** When the fetch wrapper sends a request again: clock skew (once), throttling and 5xx (backoff, idempotent only). */
import {
  backoffMs, isTransient, resolveStandardRetry, RETRY_COST, type StandardRetryOptions, type StandardRetryPolicy,
} from '../retry/standard.js';
import type { ServiceErrorDetails } from './serviceError.js';

export { backoffMs, RETRY_COST, TIMEOUT_RETRY_COST } from '../retry/standard.js';

/** Retry settings of {@link createSignedFetch}: the AWS SDKs' standard mode (see {@link StandardRetryOptions}), for safe methods. */
export interface RetryOptions extends StandardRetryOptions {
  /**
   * Also retry POST, PATCH and other methods that are not idempotent. Default false: a 5xx or a lost
   * connection does not tell whether the write happened, and a second one could apply it twice.
   */
  readonly retryNonIdempotent?: boolean | undefined;
}

/** {@link RetryOptions} with defaults filled in. */
export interface RetryPolicy extends StandardRetryPolicy {
  readonly retryNonIdempotent: boolean;
}

// RFC 9110 9.2.2.
const IDEMPOTENT: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);

/** Fills in the defaults; `false` means a single attempt. */
export function resolveRetry(options: RetryOptions | false | undefined): RetryPolicy {
  return { ...resolveStandardRetry(options), retryNonIdempotent: options === false ? false : (options?.retryNonIdempotent ?? false) };
}

/** Whether `method` may be sent again after an outcome that does not tell whether it took effect. */
export function mayRepeat(method: string, policy: RetryPolicy): boolean {
  return policy.retryNonIdempotent || IDEMPOTENT.has(method);
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
