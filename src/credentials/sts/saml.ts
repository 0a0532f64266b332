/** fromSaml: AssumeRoleWithSAML, for users federated through a SAML 2.0 identity provider. */
import { ProviderError } from '../../errors.js';
import { withCache } from '../cache.js';
import { type CredentialProvider, resolveRuntime } from '../provider.js';
import { type StsProviderOptions, stsRetry } from './sts.js';
import { loadStsCalls } from './loadCalls.js';
import type { StsTarget } from './stsEndpoint.js';
import { checkArn, type RoleSessionOptions, roleSessionParams } from './stsParams.js';

/** Options of {@link fromSaml}. The session name comes from the assertion, so `roleSessionName` is ignored. */
export interface SamlOptions extends StsProviderOptions, Omit<RoleSessionOptions, 'roleSessionName'> {
  /** The role to assume. */
  readonly roleArn: string;
  /** The SAML provider in IAM, e.g. `arn:aws:iam::123456789012:saml-provider/okta`. */
  readonly principalArn: string;
  /** The base64 SAML response from the IdP, or a function returning a fresh one (called on every fetch). */
  readonly samlAssertion: string | (() => Promise<string> | string);
}

/**
 * Exchanges a SAML assertion for a role's temporary credentials with STS AssumeRoleWithSAML (unsigned).
 * An assertion is short-lived (typically 5 minutes): pass a function to allow refreshes.
 * @example
 * const provider = fromSaml({ roleArn, principalArn, samlAssertion: () => idp.login() });
 * @throws {StsError} `STS_ERROR` when STS refuses the assertion.
 */
export function fromSaml(options: SamlOptions): CredentialProvider {
  const runtime = resolveRuntime(options);
  const principalArn = checkArn(options.principalArn, 'principalArn');
  const session = { ...options, roleSessionName: 'unused' };
  const sessionParams = () => roleSessionParams(options.roleArn, session, runtime.clock()).filter(([name]) => name !== 'RoleSessionName');
  sessionParams();
  const retry = stsRetry(options.retry, runtime.env); // one quota per provider, as per SDK client
  let target: StsTarget | undefined;
  const provider: CredentialProvider = async () => {
    const given = typeof options.samlAssertion === 'function' ? await options.samlAssertion() : options.samlAssertion;
    const assertion = typeof given === 'string' ? given.trim() : '';
    if (assertion.length < 4 || assertion.length > 100_000) {
      throw new ProviderError('PROVIDER_FAILED', 'the SAML assertion must be 4-100000 base64 characters');
    }
    const [roleArn, ...rest] = sessionParams();
    const params = [...(roleArn ? [roleArn] : []), ['PrincipalArn', principalArn] as [string, string], ['SAMLAssertion', assertion] as [string, string], ...rest];
    const sts = await loadStsCalls();
    target ??= sts.resolveStsTarget(options, runtime.env, runtime.warn);
    const result = await sts.callSts(
      { action: 'AssumeRoleWithSAML', params, credentials: undefined, target, timeoutMs: options.timeoutMs, secrets: [assertion] },
      runtime,
      retry,
    );
    return sts.readStsCredentials(result, 'AssumeRoleWithSAML');
  };
  return withCache(provider, options.cache, runtime.clock, 'STS AssumeRoleWithSAML');
}
