/** Which service and region a request is signed for: explicit options, then the host name, then the environment. */
import { InvalidRequestError } from '../errors.js';
import { hintsFromHost } from './endpoint.js';

/** The credential scope's service and region. */
export interface SigningTarget {
  readonly service: string;
  readonly region: string;
}

/** An environment record such as `process.env`; only read. */
export type EnvRecord = Readonly<Record<string, string | undefined>>;

const nonBlank = (value: string | undefined): string | undefined => (value === undefined || value.trim() === '' ? undefined : value.trim());

/**
 * Resolves the signing service and region for `url`:
 * - service: `service`, else the host name (`mediaconnect.us-east-1.amazonaws.com` → `mediaconnect`);
 * - region: `region`, else the host name, else `AWS_REGION`, else `AWS_DEFAULT_REGION` from `env`.
 * The host wins over the environment: a request to `…eu-west-1.amazonaws.com` must be signed for eu-west-1.
 * @throws {InvalidRequestError} `INVALID_SERVICE` / `INVALID_REGION` when neither can be found.
 */
export function resolveTarget(url: string | URL, given: { readonly service?: string | undefined; readonly region?: string | undefined }, env: EnvRecord): SigningTarget {
  const host = typeof url === 'string' ? (URL.canParse(url) ? new URL(url).hostname : '') : url.hostname;
  const hints = hintsFromHost(host);
  const service = given.service ?? hints.service;
  if (service === undefined) {
    throw new InvalidRequestError('INVALID_SERVICE', `cannot tell the service from the host ${host}: pass service (the signing name, e.g. 'mediaconnect')`);
  }
  const region = given.region ?? hints.region ?? nonBlank(env['AWS_REGION']) ?? nonBlank(env['AWS_DEFAULT_REGION']);
  if (region === undefined) {
    throw new InvalidRequestError('INVALID_REGION', `cannot tell the region from the host ${host}: pass region or set AWS_REGION`);
  }
  return { service, region };
}
