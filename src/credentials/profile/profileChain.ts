/**
 * Turns one profile of the shared files into a provider: static keys, `credential_process`,
 * `role_arn` with `source_profile` (role chaining, cycles refused) or `credential_source`, and
 * `role_arn` with `web_identity_token_file`.
 */
import { ProviderError } from '../../errors.js';
import { type AssumeRoleOptions, assumeRoleProvider, type MfaSessions } from '../sts/assumeRole.js';
import { type ContainerMetadataOptions, containerProvider } from '../metadata/containerMetadata.js';
import { sealCredentials } from '../credentials.js';
import { envProvider } from '../keys/env.js';
import { notConfigured } from '../errors.js';
import { type InstanceMetadataOptions, instanceMetadataProvider } from '../metadata/instanceMetadata.js';
import { processProvider, type SpawnFunction } from './process.js';
import type { Profile, ProfileSet } from './profileSet.js';
import type { CredentialProvider, Runtime } from '../provider.js';
import type { StsProviderOptions } from '../sts/sts.js';
import type { ProfileContext } from '../sts/stsEndpoint.js';
import type { MfaCodeProvider } from '../sts/stsParams.js';
import { webTokenProvider } from '../sts/webToken.js';
import { ssoDeps, ssoProvider } from '../sso/fromSso.js';
import { readSsoProfile, SSO_PROFILE_KEYS } from '../sso/ssoProfile.js';
import { loginDeps, loginProvider } from '../login/fromLogin.js';
import type { WritePrivateFile } from '../tokenFile.js';

/** Settings for the providers a profile can lead to. */
export interface ProfileProviderOptions extends StsProviderOptions {
  /** Asked for a code whenever a profile with `mfa_serial` assumes its role (on every refresh), or renews its MFA session. */
  readonly mfaCode?: MfaCodeProvider | undefined;
  /**
   * For profiles with `mfa_serial`: assume the role from a cached MFA session (GetSessionToken), so the
   * code is asked once per MFA session rather than once per role session. See {@link AssumeRoleOptions.mfaSession}.
   */
  readonly mfaSession?: AssumeRoleOptions['mfaSession'];
  /** Session name for `role_arn` profiles without `role_session_name`. Default `sigv4-kit-<epoch ms>`. */
  readonly roleSessionName?: string | undefined;
  /** For `credential_process`. */
  readonly spawn?: SpawnFunction | undefined;
  readonly processTimeoutMs?: number | undefined;
  readonly platform?: string | undefined;
  /** For `credential_source = Ec2InstanceMetadata`. */
  readonly instanceMetadata?: InstanceMetadataOptions | undefined;
  /** For `credential_source = EcsContainer`. */
  readonly containerMetadata?: ContainerMetadataOptions | undefined;
  /** For IAM Identity Center profiles: where `aws sso login` keeps tokens. Default `~/.aws/sso/cache`. */
  readonly ssoCacheDirectory?: string | undefined;
  /** For `login_session` profiles: where `aws login` keeps sessions. Default `AWS_LOGIN_CACHE_DIRECTORY`, else `~/.aws/login/cache`. */
  readonly loginCacheDirectory?: string | undefined;
  /** Writes refreshed SSO / login cache files. Default: an atomic rename of a mode-0600 temporary file. */
  readonly writeFile?: WritePrivateFile | undefined;
}

interface Walk {
  /** MFA sessions kept across the walks of one fromIni / fromDefaultChain (one walk per refresh). */
  readonly mfaSessions?: MfaSessions | undefined;
  readonly set: ProfileSet;
  readonly runtime: Runtime;
  readonly options: ProfileProviderOptions;
  readonly context: ProfileContext;
}

// Role chaining seldom goes past a few hops; a longer source_profile chain is a broken (or hostile)
// config, and following it would recurse once per profile until the stack overflows.
const MAX_CHAIN = 64;

/** The provider for profile `name`. `path` is the chain of profiles that led here (for loops and messages). */
export function profileProvider(name: string, walk: Walk, path: readonly string[] = []): CredentialProvider {
  const profile = walk.set.profiles.get(name);
  if (profile === undefined) throw new ProviderError('PROFILE_NOT_FOUND', `profile ${name} (source_profile of ${path.at(-1)}) does not exist`);
  if (path.includes(name)) throw configError(`profiles form a loop: ${[...path, name].join(' -> ')}`);
  if (path.length >= MAX_CHAIN) throw configError(`profile ${path[0]} starts a source_profile chain longer than ${MAX_CHAIN} profiles; shorten it`);
  const roleArn = profile.get('role_arn');
  if (roleArn !== undefined) return roleProvider(name, profile, roleArn, walk, path);
  const keys = staticKeys(name, profile);
  if (keys !== undefined) return () => Promise.resolve(keys);
  const command = profile.get('credential_process');
  if (command !== undefined) {
    return processProvider({ command, spawn: walk.options.spawn, timeoutMs: walk.options.processTimeoutMs, platform: walk.options.platform }, walk.runtime);
  }
  // The JS SDK's order after static keys and credential_process: SSO, then login. Either one, once
  // configured, fails with an error naming `aws sso login` / `aws login`: never "not configured".
  if (SSO_PROFILE_KEYS.some((key) => profile.has(key))) {
    return ssoProvider(readSsoProfile(name, profile, walk.set), ssoDeps(walk.options, walk.runtime, walk.context));
  }
  const loginSession = profile.get('login_session');
  if (loginSession !== undefined) return loginProvider({ loginSession, profileName: name, profile }, loginDeps(walk.options, walk.runtime, walk.context));
  // A profile that names a credential source we could not use is broken, not empty: moving on would
  // hand the caller another identity (the container's or the instance's) than the one they chose.
  const orphan = ORPHAN_KEYS.find((key) => profile.has(key));
  if (orphan !== undefined) throw configError(`profile ${name} sets ${orphan} but no role_arn; add role_arn, or remove ${orphan}`);
  if (path.length > 0) throw configError(`profile ${name} (source_profile of ${path.at(-1)}) has no credentials`);
  throw notConfigured(`profile ${name}`, 'has no aws_access_key_id/aws_secret_access_key, role_arn or credential_process');
}

/** Keys that only mean something next to role_arn. */
const ORPHAN_KEYS = ['source_profile', 'credential_source', 'web_identity_token_file'];

function roleProvider(name: string, profile: Profile, roleArn: string, walk: Walk, path: readonly string[]): CredentialProvider {
  const sourceProfile = profile.get('source_profile');
  const credentialSource = profile.get('credential_source');
  const sessionName = profile.get('role_session_name') ?? walk.options.roleSessionName;
  const session = { ...walk.options, roleArn, roleSessionName: sessionName };
  if (sourceProfile !== undefined && credentialSource !== undefined) throw configError(`profile ${name} sets both source_profile and credential_source`);
  if (sourceProfile === undefined && credentialSource === undefined) {
    const tokenFile = profile.get('web_identity_token_file');
    if (tokenFile === undefined) throw configError(`profile ${name} has role_arn but no source_profile, credential_source or web_identity_token_file`);
    return webTokenProvider({ ...session, webIdentityTokenFile: tokenFile }, walk.runtime, walk.context);
  }
  let source: CredentialProvider;
  if (sourceProfile === name) {
    // A profile may assume its own role with its own static keys (botocore and the Rust SDK allow it).
    const keys = staticKeys(name, profile);
    if (keys === undefined) throw configError(`profile ${name} is its own source_profile but has no static keys`);
    source = () => Promise.resolve(keys);
  } else if (sourceProfile !== undefined) {
    source = profileProvider(sourceProfile, walk, [...path, name]);
  } else {
    source = namedSource(name, credentialSource ?? '', walk, profile);
  }
  return assumeRoleProvider(
    {
      ...session,
      sourceCredentials: source,
      externalId: profile.get('external_id'),
      serialNumber: profile.get('mfa_serial'),
      mfaCode: walk.options.mfaCode,
      mfaSession: walk.options.mfaSession,
      durationSeconds: integer(profile.get('duration_seconds')),
    },
    walk.runtime,
    walk.context,
    // One MFA session per device and source, whichever role profile uses it.
    walk.mfaSessions && { store: walk.mfaSessions, key: `${profile.get('mfa_serial') ?? ''}\n${sourceProfile ?? credentialSource ?? ''}` },
  );
}

function namedSource(name: string, source: string, walk: Walk, profile: Profile): CredentialProvider {
  // Matched exactly, as the JS SDK and botocore's is_supported do.
  if (source === 'Environment') return envProvider(walk.runtime.env);
  if (source === 'Ec2InstanceMetadata') return instanceMetadataProvider(walk.options.instanceMetadata ?? {}, walk.runtime, profile);
  if (source === 'EcsContainer') return containerProvider(walk.options.containerMetadata ?? {}, walk.runtime);
  throw configError(`profile ${name}: credential_source must be Environment, Ec2InstanceMetadata or EcsContainer`);
}

function staticKeys(name: string, profile: Profile) {
  const accessKeyId = profile.get('aws_access_key_id');
  const secretAccessKey = profile.get('aws_secret_access_key');
  if (!accessKeyId && !secretAccessKey) {
    if (profile.get('aws_session_token') || profile.get('aws_security_token')) throw partialKeys(name, 'aws_access_key_id and aws_secret_access_key');
    return undefined;
  }
  // One half of a key pair is a mistake to report (botocore: PartialCredentialsError), never a
  // reason to look for credentials elsewhere.
  if (!accessKeyId) throw partialKeys(name, 'aws_access_key_id');
  if (!secretAccessKey) throw partialKeys(name, 'aws_secret_access_key');
  const sessionToken = profile.get('aws_session_token') || profile.get('aws_security_token');
  const accountId = profile.get('aws_account_id')?.trim();
  return sealCredentials({ accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}), ...(accountId ? { accountId } : {}) });
}

function partialKeys(name: string, missing: string): ProviderError {
  return new ProviderError('PROVIDER_FAILED', `profile ${name} is missing ${missing}; add it to the profile, or remove the profile's other keys`);
}

function integer(value: string | undefined): number | undefined {
  return value === undefined ? undefined : /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
}

function configError(message: string): ProviderError {
  return new ProviderError('PROVIDER_FAILED', message);
}
