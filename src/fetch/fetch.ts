/** createSignedFetch: `fetch` that signs every request with SigV4, corrects clock skew and retries what is safe to retry. */
import { type Clock, systemClock } from '../clock.js';
import { lazyDefaultChain } from './defaultCredentials.js';
import type { CredentialProvider, FetchLike, ReadFile } from '../credentials/provider.js';
import { toProvider } from '../credentials/credentials.js';
import { type ChecksumAlgorithm, checkChecksumAlgorithm } from '../chunked/algorithms.js';
import { needsChunked, type S3StreamMode, type SigningOptions, signAttempt } from './attempt.js';
import { type PreparedRequest, prepareRequest, type SignedRequestInit } from './prepare.js';
import { backoffMs, mayRepeat, nextStep, resolveRetry, RETRY_COST, type RetryOptions, type RetryPolicy, TIMEOUT_RETRY_COST } from './retry.js';
import { toNetworkError } from './networkError.js';
import { readServiceError, ServiceError } from './serviceError.js';
import { type EnvRecord, lazyProfileRegion, resolveTargetWithProfile } from './target.js';
import type { Credentials, SignedRequest } from '../sigv4/types.js';

export type { SignedRequestInit } from './prepare.js';

/** Options of {@link createSignedFetch}. Every one is optional. */
export interface SignedFetchOptions extends SigningOptions {
  /** Signing name, e.g. `mediaconnect`, `s3`, `execute-api`. Default: from the host name (see README). */
  readonly service?: string | undefined;
  /** Default: from the host name, else `AWS_REGION`, else `AWS_DEFAULT_REGION`, else the profile's `region` (`AWS_PROFILE`, else `default`). */
  readonly region?: string | undefined;
  /** Reads the shared config file for the profile's `region`. Default: the file system on Node; elsewhere none. */
  readonly readFile?: ReadFile | undefined;
  /** Keys, or a provider (wrap slow ones in `cached()`). Default: the standard chain, `fromDefaultChain({ env })` of `sigv4-kit/node`, loaded on first use. */
  readonly credentials?: Credentials | CredentialProvider | undefined;
  /** The fetch that sends. Default: `globalThis.fetch`. */
  readonly fetch?: FetchLike | undefined;
  /** Default: the system clock. The learned skew offset is added to it. */
  readonly clock?: Clock | undefined;
  /** Where `AWS_REGION` & co. are read. Default: `process.env`. Never written. */
  readonly env?: EnvRecord | undefined;
  /**
   * Send and sign `x-amz-content-sha256` on every request. Default **true**, as the AWS SDK v3 does:
   * AWS ignores it where it has no use, and some servers (moto, S3) need it. `false` = the signer's
   * per-service default (S3 only), as botocore and the aws CLI send.
   */
  readonly contentSha256Header?: boolean | undefined;
  /** Throttling/5xx/network retries; `false` turns them off. */
  readonly retry?: RetryOptions | false | undefined;
  /** On a clock-skew refusal, learn the offset from the answer's `Date` and retry once. Default true. */
  readonly correctClockSkew?: boolean | undefined;
  /** Reject with {@link ServiceError} on a 4xx/5xx answer instead of resolving with it. Default false (as `fetch`). */
  readonly throwOnError?: boolean | undefined;
  /** Streamed S3 bodies without a hash. Default `'chunked'`. */
  readonly s3Streaming?: S3StreamMode | undefined;
  /** aws-chunked chunk size in bytes. Default 64 KiB. */
  readonly chunkSize?: number | undefined;
  /**
   * Checksum S3 checks on every request body, as the AWS SDKs send one (default: none). Bytes get an
   * `x-amz-checksum-<algorithm>` header; a stream (its length known) is sent aws-chunked with the checksum in
   * the trailer (unsigned chunks when `s3Streaming: 'unsigned'`). `'CRC64NVME'` is S3's full-object checksum
   * (see `combineCrc64nvme` for multipart uploads). A request that already has an `x-amz-checksum-*` header keeps it.
   */
  readonly s3Checksum?: ChecksumAlgorithm | undefined;
  /** Called with each signed attempt (canonical request, string to sign): for debugging; the token in it prints redacted. */
  readonly onSigned?: ((signed: SignedRequest) => void) | undefined;
}

/** `fetch`'s signature, with the per-request {@link SignedRequestInit}. */
export type SignedFetch = (input: string | URL | Request, init?: SignedRequestInit) => Promise<Response>;

/**
 * Returns a `fetch` that signs each request with SigV4. Bodies: string, bytes, `URLSearchParams`
 * (form-encoded as botocore does), `Blob`, `FormData`; streams are not buffered (see `payloadHash`,
 * {@link SignedFetchOptions.s3Streaming}). A `Request` passed in is cloned, never consumed. Redirects
 * are not followed unless `redirect: 'follow'` is passed.
 * @example
 * const aws = createSignedFetch({ credentials: fromDefaultChain() });
 * const flows = await (await aws('https://mediaconnect.us-east-1.amazonaws.com/v1/flows')).json();
 * @throws {InvalidRequestError} INVALID_OPTION at once for an unknown `s3Checksum`; (as a rejection) for
 *   input `fetch` or the signer refuses, for an unhashed stream outside S3, and for a stream of unknown
 *   length with `s3Checksum`; {@link ServiceError} with `throwOnError`; {@link NetworkError} when no
 *   answer came (DNS, refused or reset connection, TLS, the `signal`'s timeout), naming the host and
 *   the cause; the credential provider's errors. A caller's own abort rejects with its `AbortError`.
 */
export function createSignedFetch(options: SignedFetchOptions = {}): SignedFetch {
  const env = options.env ?? globalThis.process?.env ?? {};
  const credentials = options.credentials === undefined ? lazyDefaultChain(env) : toProvider(options.credentials, 'credentials');
  const send: FetchLike = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const clock = options.clock ?? systemClock;
  const policy = resolveRetry(options.retry);
  const signing: SigningOptions = { ...pickSigning(options), contentSha256Header: options.contentSha256Header ?? true };
  const s3Checksum = options.s3Checksum === undefined ? undefined : checkChecksumAlgorithm(options.s3Checksum);
  const profileRegion = lazyProfileRegion(env, options.readFile);
  let offsetMs = 0;

  return async (input, init) => {
    const request = await prepareRequest(input, init);
    const target = await resolveTargetWithProfile(request.url, options, env, profileRegion);
    const replayable = request.stream === undefined;
    let skewCorrected = options.correctClockSkew === false;
    let lastRetryCost: number | undefined;
    const s3Streaming = options.s3Streaming ?? 'chunked';
    // aws-chunked uploads load their encoder here, when one is sent: the fetch wrapper's bundle stays without it.
    const chunked = needsChunked(request, target.service, s3Streaming, s3Checksum) ? await import('../chunked/encoder.js') : undefined;
    for (let attempt = 1; ; ) {
      const current = await credentials();
      const signingDate = new Date(clock().getTime() + offsetMs);
      const signedAttempt = signAttempt(request, { target, credentials: current, signingDate, signing, s3Streaming, chunkSize: options.chunkSize, s3Checksum, chunked });
      // Awaited only when it is a promise (WebCrypto x509): SigV4 takes no extra tick.
      const next = signedAttempt instanceof Promise ? await signedAttempt : signedAttempt;
      options.onSigned?.(next.signed);
      let response: Response;
      try {
        response = await send(next.url, next.init);
      } catch (error) {
        if (!replayable || request.init.signal?.aborted || !canRetry(attempt, request, policy) || !policy.quota.take(TIMEOUT_RETRY_COST)) {
          throw toNetworkError(error, next.url);
        }
        lastRetryCost = TIMEOUT_RETRY_COST;
        await policy.sleep(backoffMs(attempt++, policy, null), request.init.signal ?? undefined);
        continue;
      }
      if (response.status < 400) {
        policy.quota.succeeded(lastRetryCost);
        return response;
      }
      const text = await response.clone().text();
      const details = readServiceError(response, text, [current.secretAccessKey, current.sessionToken ?? '']);
      const step = nextStep(response, text, details, { attempt, replayable, skewCorrected, method: request.method }, policy);
      if (step.kind === 'stop' && options.throwOnError !== true) return response;
      await response.body?.cancel();
      if (step.kind === 'stop') throw new ServiceError(details);
      if (step.kind === 'skew') {
        offsetMs = step.serverTime.getTime() - clock().getTime();
        skewCorrected = true;
      } else {
        attempt++;
        lastRetryCost = RETRY_COST;
        await policy.sleep(step.delayMs, request.init.signal ?? undefined);
      }
    }
  };
}

function canRetry(attempt: number, request: PreparedRequest, policy: RetryPolicy): boolean {
  return attempt < policy.maxAttempts && mayRepeat(request.method, policy);
}

const SIGNING_KEYS = ['normalizePath', 'uriEscapePath', 'sessionTokenMode', 'unsignedHeaders', 'signedHeaders', 'keyCache', 'sha256', 'algorithm'] as const;

function pickSigning(options: SignedFetchOptions): SigningOptions {
  const out: Record<string, unknown> = {};
  for (const key of SIGNING_KEYS) if (options[key] !== undefined) out[key] = options[key];
  return out as SigningOptions;
}
