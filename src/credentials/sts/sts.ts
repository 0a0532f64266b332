/**
 * What the STS providers decide when they are built: the options every one takes, its retry policy,
 * and the form encoding of the Query protocol. The call itself (signing, sending, reading the XML
 * answer) is in calls.ts, which a provider loads on its first call (see loadCalls.ts).
 */
import { InvalidRequestError } from '../../errors.js';
import type { CacheOptions } from '../cache.js';
import { type Env, envValue, type RuntimeOptions } from '../provider.js';
import type { Profile } from '../profile/profileSet.js';
import type { StsLocation } from './stsEndpoint.js';
import { resolveStandardRetry, type StandardRetryOptions, type StandardRetryPolicy } from '../../retry/standard.js';

/**
 * `application/x-www-form-urlencoded` exactly as Python's `urllib.parse.urlencode` writes it
 * (space as `+`, only `A-Za-z0-9_.-~` literal, `%XX` upper-case). botocore sends this, and moto
 * re-signs the form it parsed in this encoding, so any other spelling fails its signature check.
 */
export function formEncode(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs.map(([name, value]) => `${encodeFormPart(name)}=${encodeFormPart(value)}`).join('&');
}

function encodeFormPart(value: string): string {
  try {
    return encodeURIComponent(value)
      .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
      .replace(/%20/g, '+');
  } catch (error) {
    throw new InvalidRequestError('INVALID_OPTION', 'STS parameters must be well-formed Unicode text', { cause: error });
  }
}

/**
 * The retry policy of one STS provider: `retry`, with `maxAttempts` defaulting to `AWS_MAX_ATTEMPTS`,
 * else the profile's `max_attempts`, else 3 (the SDKs' standard mode; `AWS_RETRY_MODE` is not read).
 * @throws {InvalidRequestError} `INVALID_OPTION` for a configured value that is not a whole number 1-999.
 */
export function stsRetry(retry: StandardRetryOptions | false | undefined, env: Env, profile?: Profile): StandardRetryPolicy {
  if (retry === false) return resolveStandardRetry(false);
  const fromEnv = envValue(env, 'AWS_MAX_ATTEMPTS');
  const configured = fromEnv ?? profile?.get('max_attempts');
  if (retry?.maxAttempts !== undefined || configured === undefined) return resolveStandardRetry(retry);
  if (!/^[1-9]\d{0,2}$/.test(configured.trim())) {
    throw new InvalidRequestError('INVALID_OPTION', `${fromEnv === undefined ? "the profile's max_attempts" : 'AWS_MAX_ATTEMPTS'} must be a whole number from 1 to 999, such as 3`);
  }
  return resolveStandardRetry({ ...retry, maxAttempts: Number(configured.trim()) });
}

/** Options every STS-backed provider takes: the injected edges, where STS is, and caching. */
export interface StsProviderOptions extends RuntimeOptions, StsLocation {
  /** Abort an STS call after this long. Default 10 s. */
  readonly timeoutMs?: number | undefined;
  /** Options for the {@link index!cached | cached} wrapper, or `false` to call STS on every use. */
  readonly cache?: CacheOptions | false | undefined;
  /**
   * Retries of each STS call: the AWS SDKs' standard mode (3 attempts, or `AWS_MAX_ATTEMPTS` / the
   * profile's `max_attempts`; full-jitter backoff from 100 ms; a retry quota of 500 tokens per provider)
   * for throttling, 5xx, `IDPCommunicationError`, timeouts and lost connections. `false`: one attempt.
   */
  readonly retry?: StandardRetryOptions | false | undefined;
}

export type { CredentialSource } from '../credentials.js';
