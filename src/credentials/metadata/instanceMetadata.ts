/** fromInstanceMetadata: the EC2 instance profile's role credentials, through IMDSv2. */
import { type CacheOptions, withCache } from '../cache.js';
import { notConfigured } from '../errors.js';
import { readJsonCredentials } from '../http.js';
import { createImdsClient, type ImdsClient } from './imdsClient.js';
import type { Profile } from '../profile/profileSet.js';
import { type CredentialProvider, envValue, isTrue, type Runtime, resolveRuntime, type RuntimeOptions } from '../provider.js';

/** Options of {@link fromInstanceMetadata}. */
export interface InstanceMetadataOptions extends RuntimeOptions {
  /**
   * Default: `AWS_EC2_METADATA_SERVICE_ENDPOINT`, else by `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE`
   * (`IPv4` → `http://169.254.169.254`, `IPv6` → `http://[fd00:ec2::254]`, any case).
   */
  readonly endpoint?: string | undefined;
  /** Per request. Default 1000 ms: off EC2 the provider gives up after about a second. */
  readonly timeoutMs?: number | undefined;
  /** IMDSv2 session token lifetime requested. Default 21600 s. */
  readonly tokenTtlSeconds?: number | undefined;
  /**
   * Allow IMDSv1 (no token) when the token request is refused or times out. Default false: only
   * IMDSv2. `AWS_EC2_METADATA_V1_DISABLED=true` forbids it even when this is set.
   */
  readonly allowV1?: boolean | undefined;
  /** Role name to use without asking IMDS. Default: `AWS_EC2_INSTANCE_PROFILE_NAME`, else discovered. */
  readonly profileName?: string | undefined;
  /** Options for the {@link index!cached | cached} wrapper, or `false`. */
  readonly cache?: CacheOptions | false | undefined;
}

const ROLE_PATH = '/latest/meta-data/iam/security-credentials/';
const SOURCE = 'instance metadata (IMDS)';

/**
 * Credentials of the role attached to this EC2 instance: PUT a session token, GET the role name,
 * GET the role's credentials. Cached, and refreshed before they expire.
 * @example
 * const provider = fromInstanceMetadata(); // on EC2
 * const local = fromInstanceMetadata({ endpoint: 'http://127.0.0.1:1338' }); // a local IMDS emulator
 * @throws {NoCredentialsError} `NO_CREDENTIALS` when `AWS_EC2_METADATA_DISABLED=true` or no role is attached.
 * @throws {ProviderError} `METADATA_TIMEOUT` / `METADATA_UNREACHABLE` off EC2, `PROVIDER_FAILED` otherwise.
 */
export function fromInstanceMetadata(options: InstanceMetadataOptions = {}): CredentialProvider {
  const runtime = resolveRuntime(options);
  return withCache(instanceMetadataProvider(options, runtime), options.cache, runtime.clock, 'the instance metadata service');
}

/** The uncached provider; `profile` supplies the `ec2_metadata_*` settings of a config profile. */
export function instanceMetadataProvider(options: InstanceMetadataOptions, runtime: Runtime, profile?: Profile): CredentialProvider {
  const { env } = runtime;
  let client: ImdsClient | undefined;
  return async () => {
    if (isTrue(envValue(env, 'AWS_EC2_METADATA_DISABLED'))) throw notConfigured('instance metadata', 'disabled by AWS_EC2_METADATA_DISABLED');
    client ??= createImdsClient(clientSettings(options, runtime, profile));
    const given = options.profileName ?? envValue(env, 'AWS_EC2_INSTANCE_PROFILE_NAME') ?? profile?.get('ec2_instance_profile_name');
    let role = given ?? (await discoverRole(client));
    let answer = await client.get(ROLE_PATH + encodeURIComponent(role));
    if (answer.status === 404 && given === undefined) {
      role = await discoverRole(client); // the instance profile was swapped since the last fetch
      answer = await client.get(ROLE_PATH + encodeURIComponent(role));
    }
    if (answer.status === 404) throw notConfigured('instance metadata', `IMDS has no credentials for role ${role}`);
    return readJsonCredentials(answer.text, SOURCE);
  };
}

async function discoverRole(client: ImdsClient): Promise<string> {
  const answer = await client.get(ROLE_PATH);
  const role = answer.status === 200 ? answer.text.split('\n')[0]?.trim() : undefined;
  if (!role) throw notConfigured('instance metadata', 'no IAM role is attached to this instance');
  return role;
}

function clientSettings(options: InstanceMetadataOptions, runtime: Runtime, profile: Profile | undefined) {
  const { env } = runtime;
  const mode = envValue(env, 'AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE') ?? profile?.get('ec2_metadata_service_endpoint_mode');
  const endpoint =
    options.endpoint ??
    envValue(env, 'AWS_EC2_METADATA_SERVICE_ENDPOINT') ??
    profile?.get('ec2_metadata_service_endpoint') ??
    (mode?.trim().toLowerCase() === 'ipv6' ? 'http://[fd00:ec2::254]' : 'http://169.254.169.254');
  const v1Env = envValue(env, 'AWS_EC2_METADATA_V1_DISABLED');
  const v1Disabled = v1Env === undefined ? isTrue(profile?.get('ec2_metadata_v1_disabled')) : isTrue(v1Env);
  return {
    endpoint: endpoint.trim().replace(/\/+$/, ''),
    fetch: runtime.fetch,
    clock: runtime.clock,
    timeoutMs: options.timeoutMs ?? 1000,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 21_600,
    allowV1: options.allowV1 === true && !v1Disabled,
    v1Refusal: v1Disabled ? 'AWS_EC2_METADATA_V1_DISABLED / ec2_metadata_v1_disabled is set' : 'allowV1 is not set',
  };
}
