/**
 * The request path of createSignedFetch: prepare, sign, send, and retry or correct the clock. Loaded on a
 * signed fetch's first request (fetch.ts), so `import 'sigv4-kit'` does not carry it.
 */
import type { Clock } from '../clock.js';
import type { ChecksumAlgorithm } from '../chunked/algorithms.js';
import type { CredentialProvider, FetchLike } from '../credentials/provider.js';
import type { SignedRequest } from '../sigv4/types.js';
import { needsChunked, type S3StreamMode, type SigningOptions, signAttempt } from './attempt.js';
import { toNetworkError } from './networkError.js';
import { type PreparedRequest, prepareRequest, type SignedRequestInit } from './prepare.js';
import { backoffMs, mayRepeat, nextStep, RETRY_COST, type RetryPolicy, TIMEOUT_RETRY_COST } from './retry.js';
import { readServiceError, ServiceError } from './serviceError.js';
import { type EnvRecord, type ProfileRegionReader, resolveTargetWithProfile } from './target.js';

/** What createSignedFetch settled when it was built (options checked, defaults applied), shared by its requests. */
export interface FetchSetup {
  readonly service?: string | undefined;
  readonly region?: string | undefined;
  readonly env: EnvRecord;
  readonly credentials: CredentialProvider;
  readonly send: FetchLike;
  readonly clock: Clock;
  readonly policy: RetryPolicy;
  readonly signing: SigningOptions;
  readonly s3Checksum: ChecksumAlgorithm | undefined;
  readonly s3Streaming?: S3StreamMode | undefined;
  readonly chunkSize?: number | undefined;
  readonly correctClockSkew?: boolean | undefined;
  readonly throwOnError?: boolean | undefined;
  readonly onSigned?: ((signed: SignedRequest) => void) | undefined;
  readonly profileRegion: ProfileRegionReader;
  /** The clock skew learned from a server's answer, in ms, added to `clock` from then on. */
  offsetMs: number;
}

/** Sends one request of a signed fetch built with `setup`. */
export async function sendSigned(setup: FetchSetup, input: string | URL | Request, init: SignedRequestInit | undefined): Promise<Response> {
  const request = await prepareRequest(input, init);
  const target = await resolveTargetWithProfile(request.url, setup, setup.env, setup.profileRegion);
  const replayable = request.stream === undefined;
  let skewCorrected = setup.correctClockSkew === false;
  let lastRetryCost: number | undefined;
  const s3Streaming = setup.s3Streaming ?? 'chunked';
  // aws-chunked uploads load their encoder here, when one is sent: the fetch wrapper's bundle stays without it.
  const chunked = needsChunked(request, target.service, s3Streaming, setup.s3Checksum) ? await import('../chunked/encoder.js') : undefined;
  for (let attempt = 1; ; ) {
    const current = await setup.credentials();
    const signingDate = new Date(setup.clock().getTime() + setup.offsetMs);
    const signedAttempt = signAttempt(request, { target, credentials: current, signingDate, signing: setup.signing, s3Streaming, chunkSize: setup.chunkSize, s3Checksum: setup.s3Checksum, chunked });
    // Awaited only when it is a promise (WebCrypto x509): SigV4 takes no extra tick.
    const next = signedAttempt instanceof Promise ? await signedAttempt : signedAttempt;
    setup.onSigned?.(next.signed);
    let response: Response;
    try {
      response = await setup.send(next.url, next.init);
    } catch (error) {
      if (!replayable || request.init.signal?.aborted || !canRetry(attempt, request, setup.policy) || !setup.policy.quota.take(TIMEOUT_RETRY_COST)) {
        throw toNetworkError(error, next.url);
      }
      lastRetryCost = TIMEOUT_RETRY_COST;
      await setup.policy.sleep(backoffMs(attempt++, setup.policy, null), request.init.signal ?? undefined);
      continue;
    }
    if (response.status < 400) {
      setup.policy.quota.succeeded(lastRetryCost);
      return response;
    }
    const text = await response.clone().text();
    const details = readServiceError(response, text, [current.secretAccessKey, current.sessionToken ?? '']);
    const step = nextStep(response, text, details, { attempt, replayable, skewCorrected, method: request.method }, setup.policy);
    if (step.kind === 'stop' && setup.throwOnError !== true) return response;
    await response.body?.cancel();
    if (step.kind === 'stop') throw new ServiceError(details);
    if (step.kind === 'skew') {
      setup.offsetMs = step.serverTime.getTime() - setup.clock().getTime();
      skewCorrected = true;
    } else {
      attempt++;
      lastRetryCost = RETRY_COST;
      await setup.policy.sleep(step.delayMs, request.init.signal ?? undefined);
    }
  }
}

function canRetry(attempt: number, request: PreparedRequest, policy: RetryPolicy): boolean {
  return attempt < policy.maxAttempts && mayRepeat(request.method, policy);
}
