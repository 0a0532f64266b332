/** fromAssumeRole: temporary credentials for an IAM role (same or another account), optionally with MFA. */
import { cached, withCache } from '../cache.js';
import { sessionTokenProvider } from './sessionToken.js';
import { type CredentialProvider, type Runtime, resolveRuntime } from '../provider.js';
import { type CredentialSource, toProvider } from '../credentials.js';
import { type StsProviderOptions, stsRetry } from './sts.js';
import { loadStsCalls } from './loadCalls.js';
import type { ProfileContext, StsTarget } from './stsEndpoint.js';
import {
  externalIdParams, type MfaCodeProvider, mfaParams, type RoleSessionOptions, roleSessionParams,
  type SessionTags, sourceIdentityParams, tagParams,
} from './stsParams.js';

/** Options of {@link fromAssumeRole}. */
export interface AssumeRoleOptions extends StsProviderOptions, RoleSessionOptions {
  /** The role to assume, e.g. `arn:aws:iam::123456789012:role/deploy`. */
  readonly roleArn: string;
  /** Who assumes it: long-term keys, other temporary credentials (role chaining), or a provider. */
  readonly sourceCredentials: CredentialSource;
  /** The ExternalId the role's trust policy requires (cross-account access through a third party). */
  readonly externalId?: string | undefined;
  /** MFA device serial number or ARN, when the trust policy requires MFA. */
  readonly serialNumber?: string | undefined;
  /**
   * Asked for a fresh 6-digit code when `serialNumber` is set: on every fetch (including refreshes),
   * or with `mfaSession` only when the MFA session is renewed.
   */
  readonly mfaCode?: MfaCodeProvider | undefined;
  /**
   * With `serialNumber`: first get an MFA session (STS GetSessionToken with the code, from
   * `sourceCredentials`), keep it cached, and assume the role from it without asking again. The code is
   * then asked once per MFA session (`durationSeconds`, default STS's 43200 s = 12 h) instead of once per
   * role session (1 h). The role's trust policy sees `aws:MultiFactorAuthPresent` as with a direct code.
   * Needs long-term IAM user keys as the source: GetSessionToken refuses temporary credentials.
   * Default false (the AWS CLI's behaviour: a code per AssumeRole, its cache holding the role's credentials).
   */
  readonly mfaSession?: boolean | { readonly durationSeconds?: number | undefined } | undefined;
  /** Session tags. */
  readonly tags?: SessionTags | undefined;
  /** Tag keys that persist through role chaining. */
  readonly transitiveTagKeys?: readonly string[] | undefined;
  /** Source identity recorded in CloudTrail (2-64 characters). */
  readonly sourceIdentity?: string | undefined;
}

/**
 * Calls STS AssumeRole with `sourceCredentials` and returns the role's temporary credentials,
 * cached and refreshed before they expire (see {@link cached}).
 * @example
 * const deploy = fromAssumeRole({
 *   roleArn: 'arn:aws:iam::210987654321:role/deploy',
 *   externalId: 'partner-7f3a',
 *   sourceCredentials: fromEnv(),
 * });
 * @throws {InvalidRequestError} `INVALID_OPTION` at once when an option breaks STS's constraints.
 * @throws {StsError} `STS_ERROR` (with `awsCode`, e.g. `AccessDenied`) when STS refuses.
 */
export function fromAssumeRole(options: AssumeRoleOptions): CredentialProvider {
  const runtime = resolveRuntime(options);
  return withCache(assumeRoleProvider(options, runtime), options.cache, runtime.clock, 'STS AssumeRole');
}

/** Cached MFA sessions by key, shared by the role providers a profile walk builds on every refresh. */
export type MfaSessions = Map<string, CredentialProvider>;

/**
 * The uncached AssumeRole provider; `context` supplies region and endpoint settings from a profile.
 * `sessions` keeps MFA sessions (see {@link AssumeRoleOptions.mfaSession}) across rebuilds, under `key`.
 */
export function assumeRoleProvider(
  options: AssumeRoleOptions,
  runtime: Runtime,
  context?: ProfileContext,
  sessions?: { readonly store: MfaSessions; readonly key: string },
): CredentialProvider {
  const direct = toProvider(options.sourceCredentials, 'sourceCredentials');
  const viaSession = options.mfaSession !== undefined && options.mfaSession !== false && options.serialNumber !== undefined;
  let source = direct;
  if (viaSession) {
    const durationSeconds = typeof options.mfaSession === 'object' ? options.mfaSession.durationSeconds : undefined;
    const make = () =>
      // Always cached, whatever `cache` says for the role: holding the MFA session is the point.
      cached(sessionTokenProvider({ ...options, sourceCredentials: direct, durationSeconds }, runtime, context), { clock: runtime.clock });
    let session = sessions?.store.get(sessions.key);
    if (session === undefined) {
      session = make();
      sessions?.store.set(sessions.key, session);
    }
    source = session;
  }
  const fixedParams = (now: Date) => [
    ...roleSessionParams(options.roleArn, options, now),
    ...externalIdParams(options.externalId),
    ...tagParams(options.tags, options.transitiveTagKeys),
    ...sourceIdentityParams(options.sourceIdentity),
  ];
  fixedParams(runtime.clock()); // validate now rather than at first use
  const retry = stsRetry(options.retry, runtime.env, context?.profile); // one quota per provider, as per SDK client
  let target: StsTarget | undefined;
  return async () => {
    const credentials = await source();
    // Through an MFA session, the session itself carries the MFA: AssumeRole gets no code.
    const params = [...fixedParams(runtime.clock()), ...(viaSession ? [] : await mfaParams(options.serialNumber, options.mfaCode))];
    const sts = await loadStsCalls();
    target ??= sts.resolveStsTarget(options, runtime.env, runtime.warn, context);
    const result = await sts.callSts(
      { action: 'AssumeRole', params, credentials, target, timeoutMs: options.timeoutMs, secrets: [credentials.secretAccessKey, credentials.sessionToken ?? ''] },
      runtime,
      retry,
    );
    return sts.readStsCredentials(result, 'AssumeRole');
  };
}
