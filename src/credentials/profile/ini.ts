/** fromIni: a profile of the shared config and credentials files (~/.aws/config, ~/.aws/credentials). */
import { ProviderError } from '../../errors.js';
import { withCache } from '../cache.js';
import { notConfigured } from '../errors.js';
import { type ProfileProviderOptions, profileProvider } from './profileChain.js';
import type { MfaSessions } from '../sts/assumeRole.js';
import { type CredentialProvider, type Runtime, resolveRuntime } from '../provider.js';
import { loadProfileSet, resolveSharedFiles } from './sharedFiles.js';


/** Options of {@link fromIni}. */
export interface IniOptions extends ProfileProviderOptions {
  /** Default: `AWS_PROFILE`, else `AWS_DEFAULT_PROFILE`, else `default`. */
  readonly profile?: string | undefined;
  /** Default: `AWS_CONFIG_FILE`, else `~/.aws/config`. */
  readonly configFile?: string | undefined;
  /** Default: `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`. */
  readonly credentialsFile?: string | undefined;
}

/**
 * Credentials from a profile of the shared files, as the AWS CLI reads them:
 * - `aws_access_key_id` / `aws_secret_access_key` (/ `aws_session_token`);
 * - `role_arn` with `source_profile` (chains of any length; loops refused) or `credential_source`
 *   (`Environment`, `Ec2InstanceMetadata`, `EcsContainer`), plus `external_id`, `mfa_serial` (with the
 *   `mfaCode` callback; `mfaSession` asks it once per MFA session), `duration_seconds` and `role_session_name`;
 * - `role_arn` with `web_identity_token_file`;
 * - `credential_process` (run without a shell);
 * - IAM Identity Center: `sso_session` / `sso_start_url`, `sso_account_id`, `sso_role_name` (see `fromSso`);
 * - `login_session` (`aws login` console sessions, see `fromLogin`).
 * SSO and login profiles also work as a `source_profile`.
 * STS calls use the profile's `region` and `endpoint_url` (or `[services]` `sts` `endpoint_url`)
 * unless the environment or options say otherwise. The files are re-read on each refresh.
 * @example
 * const provider = fromIni({ profile: 'prod-admin', mfaCode: (serial) => askUser(serial) });
 * @throws {ProviderError} `PROFILE_NOT_FOUND` for a profile named explicitly (option or `AWS_PROFILE`) that is not there.
 * @throws {ProfileParseError} `PROFILE_PARSE_ERROR` with the file and line of a malformed file.
 * @throws {NoCredentialsError} `NO_CREDENTIALS` when the default profile is absent or holds no credentials.
 * @throws {LoginRequiredError} `CREDENTIALS_EXPIRED` when an SSO or `aws login` session is missing or expired.
 */
export function fromIni(options: IniOptions = {}): CredentialProvider {
  const runtime = resolveRuntime(options);
  return withCache(iniProvider(options, runtime), options.cache, runtime.clock, profileSource(options, runtime));
}

/** How errors name the profile `options` select: `profile "prod"` (the option, else AWS_PROFILE, else default). */
export function profileSource(options: IniOptions, runtime: Runtime): string {
  return `profile "${options.profile ?? resolveSharedFiles(runtime.env).profile}"`;
}

/** The uncached provider. */
export function iniProvider(options: IniOptions, runtime: Runtime): CredentialProvider {
  const mfaSessions: MfaSessions = new Map();
  return async () => {
    const found = resolveSharedFiles(runtime.env, options.platform);
    const locations = {
      ...found,
      configPath: options.configFile ?? found.configPath,
      credentialsPath: options.credentialsFile ?? found.credentialsPath,
    };
    const set = await loadProfileSet(runtime.readFile, locations);
    const name = options.profile ?? locations.profile;
    const profile = set.profiles.get(name);
    if (profile === undefined) {
      const where = `${locations.configPath ?? '(no config file)'} or ${locations.credentialsPath ?? '(no credentials file)'}`;
      if (options.profile !== undefined || locations.profileFromEnv) throw new ProviderError('PROFILE_NOT_FOUND', `profile ${name} is not in ${where}`);
      throw notConfigured('shared files', `no profile ${name} in ${where}`);
    }
    return profileProvider(name, { set, runtime, options, context: { profile, set }, mfaSessions })();
  };
}
