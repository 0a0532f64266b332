/** Which STS endpoint to call and which region to sign for, from options, environment and profile. */
import { InvalidRequestError } from '../../errors.js';
import { checkEndpointUrl, configuredEndpoint, type ProfileContext } from '../endpoint.js';
import { type Env, envValue, type WarningHook } from '../provider.js';

export type { ProfileContext } from '../endpoint.js';

/** Where STS calls go. Both default from the environment and the profile. */
export interface StsLocation {
  /** Signing region and regional endpoint. Default: `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region`, else `us-east-1` with a warning. */
  readonly region?: string | undefined;
  /**
   * Endpoint URL, e.g. `http://127.0.0.1:5000`. Default: `AWS_ENDPOINT_URL_STS`, `AWS_ENDPOINT_URL`,
   * the profile's `[services]` `sts` `endpoint_url`, the profile's `endpoint_url` (the SDKs' order;
   * `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` switches them off), else the regional endpoint
   * `https://sts.<region>.amazonaws.com`.
   */
  readonly endpoint?: string | undefined;
}

/** A resolved STS target. */
export interface StsTarget {
  readonly url: string;
  readonly signingRegion: string;
}

// The regions sts.amazonaws.com served before regional endpoints became the default.
const LEGACY_GLOBAL = new Set([
  'ap-northeast-1', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'aws-global', 'ca-central-1', 'eu-central-1',
  'eu-north-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'sa-east-1', 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
]);
const REGION = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const GLOBAL = 'https://sts.amazonaws.com';

/**
 * Resolves the STS URL and signing region. Explicit options win over the environment, which wins
 * over the profile (the SDKs' order for every setting).
 * @throws {InvalidRequestError} `INVALID_REGION` / `INVALID_URL` on a malformed region or endpoint.
 */
export function resolveStsTarget(location: StsLocation, env: Env, warn: WarningHook, context?: ProfileContext): StsTarget {
  const profile = context?.profile;
  let region = location.region ?? envValue(env, 'AWS_REGION') ?? envValue(env, 'AWS_DEFAULT_REGION') ?? profile?.get('region');
  if (region === undefined || region.trim() === '') {
    // The JS SDK does the same; botocore goes to the global endpoint. Never silent, and naming only
    // what was read: without a profile context (getCallerIdentity, fromAssumeRole...) no file is.
    const read = context === undefined ? 'the region option, AWS_REGION or AWS_DEFAULT_REGION; profiles are not read here' : 'AWS_REGION, AWS_DEFAULT_REGION or a profile region';
    warn(`no AWS region configured for STS (${read}): using us-east-1`);
    region = 'us-east-1';
  }
  region = region.trim();
  if (!REGION.test(region)) throw new InvalidRequestError('INVALID_REGION', 'the STS region must look like us-east-1');
  const endpoint = location.endpoint ?? configuredEndpoint('STS', env, context);
  if (endpoint !== undefined) return { url: checkEndpointUrl(endpoint, 'STS'), signingRegion: region === 'aws-global' ? 'us-east-1' : region };
  const legacy = (envValue(env, 'AWS_STS_REGIONAL_ENDPOINTS') ?? profile?.get('sts_regional_endpoints'))?.trim().toLowerCase() === 'legacy';
  if (region === 'aws-global' || (legacy && LEGACY_GLOBAL.has(region))) return { url: GLOBAL, signingRegion: 'us-east-1' };
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return { url: `https://sts.${region}.${suffix}`, signingRegion: region };
}
