/**
 * The one endpoint resolver for every AWS service the credential providers call (STS, the IAM
 * Identity Center portal, SSO-OIDC, Sign-In, Cognito Identity), following the SDKs & Tools
 * reference guide's "service-specific endpoints": first `AWS_ENDPOINT_URL_<SERVICE>`, then
 * `AWS_ENDPOINT_URL`, then the profile's `[services]` section entry, then the profile's
 * `endpoint_url`. `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` (or the profile's
 * `ignore_configured_endpoint_urls` when the variable is unset) switches all four off.
 */
import { InvalidRequestError } from '../errors.js';
import { type Profile, type ProfileSet, parseSubProperties } from './profile/profileSet.js';
import { type Env, envValue, isTrue } from './provider.js';

/** The profile in effect, when a provider works from the shared files. */
export interface ProfileContext {
  readonly profile: Profile;
  readonly set: ProfileSet;
}

/**
 * A service the providers call, by the identifier the SDKs derive its settings from: the env suffix
 * (`AWS_ENDPOINT_URL_SSO_OIDC`) is the service id upper-cased with spaces as `_`; the `[services]`
 * key is the same in lower case (`sso_oidc`).
 */
export type EndpointServiceId = 'STS' | 'SSO' | 'SSO_OIDC' | 'SIGNIN' | 'COGNITO_IDENTITY';

/**
 * The endpoint configured for `service`, or `undefined` when none is (the caller then builds the
 * regional default). The value is returned as written; {@link checkEndpointUrl} validates it.
 */
export function configuredEndpoint(service: EndpointServiceId, env: Env, context?: ProfileContext): string | undefined {
  const profile = context?.profile;
  const ignoreEnv = envValue(env, 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS');
  const ignore = ignoreEnv === undefined ? isTrue(profile?.get('ignore_configured_endpoint_urls')) : isTrue(ignoreEnv);
  if (ignore) return undefined;
  const fromEnv = envValue(env, `AWS_ENDPOINT_URL_${service}`) ?? envValue(env, 'AWS_ENDPOINT_URL');
  if (fromEnv !== undefined) return fromEnv;
  const servicesName = profile?.get('services');
  const section = servicesName === undefined ? undefined : context?.set.services.get(servicesName);
  const fromSection = parseSubProperties(section?.get(service.toLowerCase())).get('endpoint_url');
  return nonBlank(fromSection) ?? nonBlank(profile?.get('endpoint_url'));
}

function nonBlank(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/**
 * Normalizes an endpoint to `scheme://host[:port]/path` (no trailing query); `what` names it in errors.
 * @throws {InvalidRequestError} `INVALID_URL` unless it is an absolute http(s) URL without user info or query.
 */
export function checkEndpointUrl(endpoint: string, what: string): string {
  let url: URL;
  try {
    url = new URL(endpoint.trim());
  } catch {
    throw new InvalidRequestError('INVALID_URL', `the ${what} endpoint must be an absolute http(s) URL`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username !== '' || url.password !== '' || url.search !== '') {
    throw new InvalidRequestError('INVALID_URL', `the ${what} endpoint must be an http(s) URL without credentials or query`);
  }
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/** `base` (from {@link checkEndpointUrl}) with `path` (starting with `/`) appended to its path. */
export function joinEndpoint(base: string, path: string): string {
  return base.replace(/\/+$/, '') + path;
}

const REGION = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/**
 * Checks a region name before it goes into a host name.
 * @throws {InvalidRequestError} `INVALID_REGION`.
 */
export function checkRegion(region: string, what: string): string {
  const trimmed = region.trim();
  if (!REGION.test(trimmed)) throw new InvalidRequestError('INVALID_REGION', `the ${what} region must look like us-east-1`);
  return trimmed;
}

/** The DNS suffix of the partition `region` belongs to (the endpoint rule sets' `dnsSuffix`). */
export function dnsSuffix(region: string): string {
  if (region.startsWith('cn-')) return 'amazonaws.com.cn';
  return 'amazonaws.com';
}
