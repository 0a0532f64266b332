/** fromInstanceMetadata: the EC2 instance profile's role credentials, through IMDSv2, statically stable. */
import { InvalidRequestError } from '../../errors.js';
import type { Credentials } from '../../sigv4/types.js';
import { type CacheOptions, withCache } from '../cache.js';
import { msUntilExpiry, sealCredentials } from '../credentials.js';
import { isNoCredentials, notConfigured } from '../errors.js';
import { readJsonCredentials } from '../http.js';
import { createImdsClient, type ImdsClient, type ImdsClientSettings } from './imdsClient.js';
import type { Profile } from '../profile/profileSet.js';
import { type CredentialProvider, envValue, isTrue, type Runtime, resolveRuntime, type RuntimeOptions } from '../provider.js';

/** Options of {@link fromInstanceMetadata}. Each setting: this option, else the environment, else the profile. */
export interface InstanceMetadataOptions extends RuntimeOptions {
  /**
   * Default: `AWS_EC2_METADATA_SERVICE_ENDPOINT` (profile: `ec2_metadata_service_endpoint`), else by
   * `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE` (profile: `ec2_metadata_service_endpoint_mode`): `IPv4` →
   * `http://169.254.169.254`, `IPv6` → `http://[fd00:ec2::254]` (any case; any other value is refused).
   */
  readonly endpoint?: string | undefined;
  /**
   * Per request. Default: `AWS_METADATA_SERVICE_TIMEOUT` (profile: `metadata_service_timeout`), in
   * seconds, else 1000 ms: off EC2 the provider gives up after about a second.
   */
  readonly timeoutMs?: number | undefined;
  /**
   * Attempts per request (token, role name, credentials). Default: `AWS_METADATA_SERVICE_NUM_ATTEMPTS`
   * (profile: `metadata_service_num_attempts`), which also retries timeouts and refused connections;
   * else 2, retrying only a 5xx or a broken connection.
   */
  readonly attempts?: number | undefined;
  /** IMDSv2 session token lifetime requested. Default 21600 s. */
  readonly tokenTtlSeconds?: number | undefined;
  /**
   * Allow IMDSv1 (no token) when the token request is refused or times out. Default false: only
   * IMDSv2. `AWS_EC2_METADATA_V1_DISABLED=true` (profile: `ec2_metadata_v1_disabled`) forbids it even when this is set.
   */
  readonly allowV1?: boolean | undefined;
  /** Role name to use without asking IMDS. Default: `AWS_EC2_INSTANCE_PROFILE_NAME`, the profile's `ec2_instance_profile_name`, else discovered. */
  readonly profileName?: string | undefined;
  /**
   * Static stability: when IMDS cannot be reached, or answers with credentials that have expired,
   * keep the last credentials it gave and extend them by 5-10 minutes (with a warning) instead of
   * failing. Default true. `false`: fail as soon as IMDS does.
   */
  readonly staticStability?: boolean | undefined;
  /** Uniform [0, 1), for the 5-10 minute extension. Default `Math.random`. */
  readonly random?: (() => number) | undefined;
  /** Options for the {@link index!cached | cached} wrapper, or `false`. */
  readonly cache?: CacheOptions | false | undefined;
}

/** Where the `ec2_metadata_*` settings of a config profile come from: the profile itself, or a loader. */
export type ProfileSource = Profile | (() => Promise<Profile | undefined>);

const ROLE_PATH = '/latest/meta-data/iam/security-credentials/';
const SOURCE = 'instance metadata (IMDS)';
const MINUTE = 60_000;
// The JavaScript SDK v3's extension (botocore: 15 min + 2-10 min of jitter): shorter, so a recovered
// IMDS is asked again sooner.
const EXTENSION_MS = 5 * MINUTE;
const EXTENSION_JITTER_MS = 5 * MINUTE;

/**
 * Credentials of the role attached to this EC2 instance: PUT a session token, GET the role name,
 * GET the role's credentials. Cached, and refreshed before they expire. When IMDS goes away (an
 * outage, a refused connection, a timeout, a 5xx) as the last credentials are about to expire (less
 * than 5 minutes left, or already past), or IMDS serves expired credentials, they are kept and
 * extended by 5-10 minutes with a warning, as the AWS SDKs do ("static stability"):
 * an IMDS outage must not take every instance down with it. STS still accepts them until they
 * really expire; after that AWS refuses them, but the application keeps trying with the same keys
 * rather than failing locally.
 * @example
 * const provider = fromInstanceMetadata(); // on EC2
 * const local = fromInstanceMetadata({ endpoint: 'http://127.0.0.1:1338' }); // a local IMDS emulator
 * @throws {NoCredentialsError} `NO_CREDENTIALS` when `AWS_EC2_METADATA_DISABLED=true` or no role is attached.
 * @throws {InvalidRequestError} `INVALID_OPTION` for an endpoint mode other than IPv4/IPv6, a bad timeout
 *   or number of attempts, before any request.
 * @throws {ProviderError} `METADATA_TIMEOUT` / `METADATA_UNREACHABLE` off EC2, `PROVIDER_FAILED` otherwise.
 */
export function fromInstanceMetadata(options: InstanceMetadataOptions = {}): CredentialProvider {
  const runtime = resolveRuntime(options);
  return withCache(instanceMetadataProvider(options, runtime), options.cache, runtime.clock, 'the instance metadata service');
}

/**
 * The uncached provider; `profile` supplies the `ec2_metadata_*` settings of a config profile.
 * Settings from the environment are checked at once; those of the profile at the first call, before any request.
 */
export function instanceMetadataProvider(options: InstanceMetadataOptions, runtime: Runtime, profile?: ProfileSource): CredentialProvider {
  const { env } = runtime;
  clientSettings(options, runtime, undefined); // a bad environment value fails here, not at first use
  let client: ImdsClient | undefined;
  let last: Credentials | undefined;
  const fetchFresh = async (): Promise<Credentials> => {
    const settings = typeof profile === 'function' ? await profile() : profile;
    client ??= createImdsClient(clientSettings(options, runtime, settings));
    const given = options.profileName ?? envValue(env, 'AWS_EC2_INSTANCE_PROFILE_NAME') ?? settings?.get('ec2_instance_profile_name');
    let role = given ?? (await discoverRole(client));
    let answer = await client.get(ROLE_PATH + encodeURIComponent(role));
    if (answer.status === 404 && given === undefined) {
      role = await discoverRole(client); // the instance profile was swapped since the last fetch
      answer = await client.get(ROLE_PATH + encodeURIComponent(role));
    }
    if (answer.status === 404) throw notConfigured('instance metadata', `IMDS has no credentials for role ${role}`);
    return readJsonCredentials(answer.text, SOURCE);
  };
  return async () => {
    if (isTrue(envValue(env, 'AWS_EC2_METADATA_DISABLED'))) throw notConfigured('instance metadata', 'disabled by AWS_EC2_METADATA_DISABLED');
    const stable = options.staticStability !== false;
    let fresh: Credentials;
    try {
      fresh = await fetchFresh();
    } catch (error) {
      // No role here, or a setting we refuse: never covered up by old credentials. While the last set
      // is good for more than the extension, the failure goes to the cache, which keeps serving it.
      if (!stable || last === undefined || isNoCredentials(error) || error instanceof InvalidRequestError) throw error;
      if (msUntilExpiry(last, runtime.clock()) > EXTENSION_MS) throw error;
      return (last = extend(last, `IMDS could not be reached (${(error as Error).message})`, options, runtime));
    }
    const now = runtime.clock().getTime();
    if (stable && fresh.expiration !== undefined && fresh.expiration.getTime() <= now) {
      // During an outage of its credential service, IMDS keeps serving the last (expired) set.
      return (last = extend(fresh, 'IMDS served credentials that have expired', options, runtime));
    }
    return (last = fresh);
  };
}

function extend(credentials: Credentials, why: string, options: InstanceMetadataOptions, runtime: Runtime): Credentials {
  const now = runtime.clock().getTime();
  const until = new Date(now + EXTENSION_MS + Math.floor((options.random ?? Math.random)() * EXTENSION_JITTER_MS));
  runtime.warn(
    `${why}: using the last instance credentials (${credentials.expiration?.toISOString() ?? 'no expiry'}) until ${until.toISOString()}, ` +
      'when IMDS is asked again (static stability; AWS may refuse them if they have really expired)',
  );
  return sealCredentials({ ...credentials, expiration: until });
}

async function discoverRole(client: ImdsClient): Promise<string> {
  const answer = await client.get(ROLE_PATH);
  const role = answer.status === 200 ? answer.text.split('\n')[0]?.trim() : undefined;
  if (!role) throw notConfigured('instance metadata', 'no IAM role is attached to this instance');
  return role;
}

/** One IMDS setting: the option, else the environment variable, else the profile key, with where it came from. */
function setting(env: Runtime['env'], profile: Profile | undefined, variable: string, key: string): { value: string; from: string } | undefined {
  const fromEnv = envValue(env, variable);
  if (fromEnv !== undefined) return { value: fromEnv.trim(), from: variable };
  const fromProfile = profile?.get(key);
  return fromProfile === undefined || fromProfile.trim() === '' ? undefined : { value: fromProfile.trim(), from: `the profile's ${key}` };
}

function bad(message: string): never {
  throw new InvalidRequestError('INVALID_OPTION', message);
}

function clientSettings(options: InstanceMetadataOptions, runtime: Runtime, profile: Profile | undefined): ImdsClientSettings {
  const { env } = runtime;
  const mode = setting(env, profile, 'AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE', 'ec2_metadata_service_endpoint_mode');
  const modeName = mode?.value.toLowerCase();
  // botocore refuses any other value (InvalidIMDSEndpointModeError); a silent IPv4 hides a typo.
  if (modeName !== undefined && modeName !== 'ipv4' && modeName !== 'ipv6') bad(`${mode?.from} must be IPv4 or IPv6, not ${JSON.stringify(mode?.value)}`);
  const endpoint =
    options.endpoint ??
    setting(env, profile, 'AWS_EC2_METADATA_SERVICE_ENDPOINT', 'ec2_metadata_service_endpoint')?.value ??
    (modeName === 'ipv6' ? 'http://[fd00:ec2::254]' : 'http://169.254.169.254');
  const v1 = setting(env, profile, 'AWS_EC2_METADATA_V1_DISABLED', 'ec2_metadata_v1_disabled');
  const v1Disabled = isTrue(v1?.value);
  const timeout = setting(env, profile, 'AWS_METADATA_SERVICE_TIMEOUT', 'metadata_service_timeout');
  const timeoutSeconds = timeout === undefined ? undefined : Number(timeout.value);
  if (timeoutSeconds !== undefined && !(/^\d+(\.\d+)?$/.test(timeout?.value ?? '') && timeoutSeconds > 0)) {
    bad(`${timeout?.from} must be a number of seconds greater than 0, such as 2`);
  }
  const attemptsSetting = setting(env, profile, 'AWS_METADATA_SERVICE_NUM_ATTEMPTS', 'metadata_service_num_attempts');
  if (attemptsSetting !== undefined && !/^[1-9]\d{0,2}$/.test(attemptsSetting.value)) bad(`${attemptsSetting.from} must be a whole number from 1 to 999, such as 3`);
  const attempts = options.attempts ?? (attemptsSetting === undefined ? undefined : Number(attemptsSetting.value));
  if (attempts !== undefined && (!Number.isInteger(attempts) || attempts < 1)) bad('attempts must be a whole number of at least 1');
  return {
    endpoint: endpoint.trim().replace(/\/+$/, ''),
    fetch: runtime.fetch,
    clock: runtime.clock,
    timeoutMs: options.timeoutMs ?? (timeoutSeconds === undefined ? 1000 : timeoutSeconds * 1000),
    tokenTtlSeconds: options.tokenTtlSeconds ?? 21_600,
    allowV1: options.allowV1 === true && !v1Disabled,
    v1Refusal: v1Disabled ? `${v1?.from === 'AWS_EC2_METADATA_V1_DISABLED' ? 'AWS_EC2_METADATA_V1_DISABLED' : 'ec2_metadata_v1_disabled'} is set` : 'allowV1 is not set',
    attempts: attempts ?? 2,
    retryEveryFailure: attempts !== undefined,
  };
}
