/** fromSessionToken: GetSessionToken, the way to turn long-term keys plus an MFA code into temporary credentials. */
import { withCache } from '../cache.js';
import { type CredentialProvider, resolveRuntime, type Runtime } from '../provider.js';
import { type CredentialSource, toProvider } from '../credentials.js';
import { type StsProviderOptions, stsRetry } from './sts.js';
import { loadStsCalls } from './loadCalls.js';
import type { ProfileContext, StsTarget } from './stsEndpoint.js';
import { duration, type MfaCodeProvider, mfaParams } from './stsParams.js';

/** Options of {@link fromSessionToken}. */
export interface SessionTokenOptions extends StsProviderOptions {
  /** Long-term keys of an IAM user (or the root user). Temporary credentials cannot call GetSessionToken. */
  readonly sourceCredentials: CredentialSource;
  /** 900–129600 seconds (root: up to 3600). STS defaults to 43200. */
  readonly durationSeconds?: number | undefined;
  /** MFA device serial number or ARN; with it, the session counts as MFA-authenticated. */
  readonly serialNumber?: string | undefined;
  /** Asked for a fresh 6-digit code on every fetch when `serialNumber` is set. */
  readonly mfaCode?: MfaCodeProvider | undefined;
}

/**
 * Calls STS GetSessionToken, optionally with MFA, and returns the session's temporary credentials,
 * cached and refreshed before they expire.
 * @example
 * const mfaSession = fromSessionToken({
 *   sourceCredentials: fromIni({ profile: 'alice' }),
 *   serialNumber: 'arn:aws:iam::123456789012:mfa/alice',
 *   mfaCode: async (serial) => prompt(`MFA code for ${serial}: `),
 * });
 * @throws {CredentialsError} `MFA_CODE_REQUIRED` when `serialNumber` is set without a usable `mfaCode`.
 * @throws {StsError} `STS_ERROR` when STS refuses.
 */
export function fromSessionToken(options: SessionTokenOptions): CredentialProvider {
  const runtime = resolveRuntime(options);
  return withCache(sessionTokenProvider(options, runtime), options.cache, runtime.clock, 'STS GetSessionToken');
}

/** The uncached GetSessionToken provider; `context` supplies region and endpoint settings from a profile. */
export function sessionTokenProvider(options: SessionTokenOptions, runtime: Runtime, context?: ProfileContext): CredentialProvider {
  const source = toProvider(options.sourceCredentials, 'sourceCredentials');
  const durationParams = duration(options.durationSeconds, 129_600);
  const retry = stsRetry(options.retry, runtime.env, context?.profile); // one quota per provider, as per SDK client
  let target: StsTarget | undefined;
  return async () => {
    const credentials = await source();
    const params = [...durationParams, ...(await mfaParams(options.serialNumber, options.mfaCode))];
    const sts = await loadStsCalls();
    target ??= sts.resolveStsTarget(options, runtime.env, runtime.warn, context);
    const result = await sts.callSts(
      { action: 'GetSessionToken', params, credentials, target, timeoutMs: options.timeoutMs, secrets: [credentials.secretAccessKey] },
      runtime,
      retry,
    );
    return sts.readStsCredentials(result, 'GetSessionToken');
  };
}
