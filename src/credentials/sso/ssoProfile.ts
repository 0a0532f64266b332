/**
 * An IAM Identity Center profile read as botocore and the JS SDK read it: `sso_session = NAME` with
 * an `[sso-session NAME]` section (`sso_start_url`, `sso_region`), or the legacy form with
 * `sso_start_url` / `sso_region` in the profile; plus `sso_account_id` and `sso_role_name`.
 */
import { ProviderError } from '../../errors.js';
import type { Profile, ProfileSet } from '../profile/profileSet.js';

/** Everything a call to the portal needs. */
export interface SsoSettings {
  readonly startUrl: string;
  readonly region: string;
  readonly accountId: string;
  readonly roleName: string;
  /** The `[sso-session]` name; `undefined` for the legacy form (whose token is never refreshed). */
  readonly sessionName: string | undefined;
  /** The profile it came from, for messages and the `aws sso login --profile` hint. */
  readonly profileName: string | undefined;
}

/** Keys that make a profile an IAM Identity Center profile. */
export const SSO_PROFILE_KEYS = ['sso_session', 'sso_start_url', 'sso_region', 'sso_account_id', 'sso_role_name'] as const;

/**
 * Reads profile `name`'s SSO settings. Values set in both the profile and its sso-session must be
 * equal (botocore's rule); nothing is called before this passes.
 * @throws {ProviderError} `PROVIDER_FAILED` naming the missing or conflicting key.
 */
export function readSsoProfile(name: string, profile: Profile, set: ProfileSet): SsoSettings {
  const sessionName = profile.get('sso_session');
  const values = new Map(profile);
  if (sessionName !== undefined) {
    const session = set.ssoSessions.get(sessionName);
    if (session === undefined) throw configError(`profile ${name} sets sso_session = ${sessionName}, but there is no [sso-session ${sessionName}] section in the config file`);
    for (const [key, value] of session) {
      const own = profile.get(key);
      if (own !== undefined && own !== value) {
        throw configError(`profile ${name} sets ${key} = ${own} but its sso-session ${sessionName} sets ${key} = ${value}; remove ${key} from the profile or make the two equal`);
      }
      values.set(key, value);
    }
  }
  const required = ['sso_start_url', 'sso_region', 'sso_account_id', 'sso_role_name'];
  const missing = required.filter((key) => !values.get(key));
  if (missing.length > 0) {
    const where = sessionName === undefined ? `profile ${name}` : `profile ${name} (with sso-session ${sessionName})`;
    throw configError(`${where} uses IAM Identity Center but lacks ${missing.join(', ')}; run \`aws configure sso --profile ${name}\` or add them`);
  }
  return {
    startUrl: values.get('sso_start_url') ?? '',
    region: values.get('sso_region') ?? '',
    accountId: values.get('sso_account_id') ?? '',
    roleName: values.get('sso_role_name') ?? '',
    sessionName,
    profileName: name,
  };
}

/** The command that signs this profile in again. */
export function ssoLoginCommand(settings: Pick<SsoSettings, 'profileName' | 'sessionName'>): string {
  if (settings.profileName !== undefined) return `aws sso login --profile ${settings.profileName}`;
  if (settings.sessionName !== undefined) return `aws sso login --sso-session ${settings.sessionName}`;
  return 'aws sso login';
}

function configError(message: string): ProviderError {
  return new ProviderError('PROVIDER_FAILED', message);
}
