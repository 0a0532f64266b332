/** fromDefaultChain: where the AWS CLI and SDKs look for credentials, in one documented order. */
import { ProviderError } from '../errors.js';
import { refuseExpired, withCache } from './cache.js';
import { chain } from './chain.js';
import { containerProvider } from './metadata/containerMetadata.js';
import { envProvider } from './keys/env.js';
import { notConfigured } from './errors.js';
import { type IniOptions, iniProvider, profileSource } from './profile/ini.js';
import { instanceMetadataProvider } from './metadata/instanceMetadata.js';
import { type CredentialProvider, resolveRuntime, type Runtime } from './provider.js';
import { webTokenProvider } from './sts/webToken.js';
import type { Profile } from './profile/profileSet.js';
import { loadProfileSet, resolveSharedFiles } from './profile/sharedFiles.js';

// Re-exported so that createSignedFetch and the SDK adapter load it with the chain, in one lazy chunk.
export { readProfileRegion } from './profile/region.js';

/** Options of {@link fromDefaultChain}: those of {@link fromIni}, which also reach the other providers. */
export type DefaultChainOptions = IniOptions;

/**
 * The standard credential chain, cached. Sources, in order (the AWS CLI's and the Rust SDK's order):
 * 1. environment: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `AWS_CREDENTIAL_EXPIRATION`;
 * 2. the shared files' profile (`AWS_PROFILE`, `AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`):
 *    role chains, static keys, `credential_process`, IAM Identity Center (`sso_*`), `login_session`,
 *    `web_identity_token_file` (see {@link fromIni}); an SSO or login profile without a usable session
 *    stops the chain with a `LoginRequiredError` naming `aws sso login` / `aws login`;
 * 3. web identity from the environment: `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN` (EKS IRSA);
 * 4. the container endpoint: `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` / `_FULL_URI` (ECS, EKS Pod Identity);
 * 5. EC2 instance metadata (IMDSv2), unless `AWS_EC2_METADATA_DISABLED=true`;
 *    `AWS_EC2_METADATA_SERVICE_ENDPOINT` / `_MODE`, `AWS_EC2_METADATA_V1_DISABLED`, `AWS_EC2_INSTANCE_PROFILE_NAME`,
 *    `AWS_METADATA_SERVICE_TIMEOUT` / `_NUM_ATTEMPTS`, or the profile's `ec2_metadata_service_endpoint` & co.
 *    configure it (see {@link fromInstanceMetadata}). Off EC2 it gives up in about a second; once it has
 *    answered, an outage extends its last credentials (static stability) instead of failing.
 *
 * Where the SDKs disagree, we chose:
 * - **env keys vs `AWS_PROFILE`**: environment keys win, even when `AWS_PROFILE` is set. That is what the
 *   AWS CLI, botocore and the Rust SDK do and what the SDKs & Tools reference guide documents; the
 *   JavaScript SDK v3 lets `AWS_PROFILE` win (with a warning saying it intends to change). To use a
 *   profile while keys are in the environment, call {@link fromIni} with `profile`.
 * - **web identity from env vs the profile**: the profile wins (JS and Rust); botocore puts env web
 *   identity before the credentials file.
 * - **profile selection**: `AWS_PROFILE`, then `AWS_DEFAULT_PROFILE` (botocore reads the latter first).
 * - **a profile named by `AWS_PROFILE` that does not exist** is an error (`PROFILE_NOT_FOUND`), not a
 *   reason to fall through to the container or instance role.
 * Only `NO_CREDENTIALS` moves the chain on; when every source declines, the error's `tried` says why each did.
 * @example
 * const provider = fromDefaultChain();
 * const signed = signRequest(request, { credentials: await provider(), region: 'us-east-1', service: 'sts' });
 * @throws {NoCredentialsError} `NO_CREDENTIALS` with `tried`, when no source has credentials.
 */
export function fromDefaultChain(options: DefaultChainOptions = {}): CredentialProvider {
  const runtime = resolveRuntime(options);
  const providers = [
    // Named here: the cache around the chain would only know "the credential source".
    refuseExpired(envProvider(runtime.env), 'the environment (AWS_CREDENTIAL_EXPIRATION)', runtime.clock),
    refuseExpired(iniProvider(options, runtime), profileSource(options, runtime), runtime.clock),
    webTokenProvider({ region: options.region, endpoint: options.endpoint, timeoutMs: options.timeoutMs, roleSessionName: options.roleSessionName, retry: options.retry }, runtime),
    containerProvider(options.containerMetadata ?? {}, runtime),
    instanceMetadataInChain(options, runtime),
  ];
  return withCache(chain(...providers), options.cache, runtime.clock);
}

/** The chain's profile (as fromIni picks it), for its `ec2_metadata_*` settings; undefined when there is none. */
async function chainProfile(options: DefaultChainOptions, runtime: Runtime): Promise<Profile | undefined> {
  const found = resolveSharedFiles(runtime.env, options.platform);
  const set = await loadProfileSet(runtime.readFile, {
    ...found,
    configPath: options.configFile ?? found.configPath,
    credentialsPath: options.credentialsFile ?? found.credentialsPath,
  });
  return set.profiles.get(options.profile ?? found.profile);
}

function instanceMetadataInChain(options: DefaultChainOptions, runtime: Runtime): CredentialProvider {
  // Profile-level IMDS settings apply here too, as in botocore and the JS SDK, not only under credential_source.
  const imds = instanceMetadataProvider(options.instanceMetadata ?? {}, runtime, () => chainProfile(options, runtime));
  return async () => {
    try {
      return await imds();
    } catch (error) {
      // Off EC2 nothing answers: that means "no instance role here", not a broken configuration.
      if (error instanceof ProviderError && (error.code === 'METADATA_TIMEOUT' || error.code === 'METADATA_UNREACHABLE')) {
        throw notConfigured('instance metadata', error.message, { cause: error });
      }
      throw error;
    }
  };
}
