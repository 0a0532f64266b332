/** Which service and region a request is signed for: explicit options, then the host name, then the environment. */
import { InvalidRequestError } from '../errors.js';
import type { ReadFile } from '../credentials/provider.js';
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
 * - region: `region`, else the host name, else `AWS_REGION`, else `AWS_DEFAULT_REGION` from `env`
 *   (then, in {@link resolveTargetWithProfile}, the profile's `region`).
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
    throw new InvalidRequestError('INVALID_REGION', `cannot tell the region from the host ${host}: pass region, set AWS_REGION or a region in the profile`);
  }
  return { service, region };
}

/** Reads the `region` of the shared config's profile in effect, or undefined. */
export type ProfileRegionReader = () => Promise<string | undefined>;

/**
 * {@link resolveTarget}, then, when neither the options, the host nor the environment name a region,
 * the profile's `region` (as the SDKs fall back to it). A profile that cannot be read (no file system
 * here, a malformed file) leaves the original `INVALID_REGION`, with the reason as its cause.
 */
export async function resolveTargetWithProfile(
  url: string | URL,
  given: { readonly service?: string | undefined; readonly region?: string | undefined },
  env: EnvRecord,
  profileRegion: ProfileRegionReader,
): Promise<SigningTarget> {
  try {
    return resolveTarget(url, given, env);
  } catch (error) {
    if (!(error instanceof InvalidRequestError && error.code === 'INVALID_REGION')) throw error;
    let region: string | undefined;
    try {
      region = await profileRegion();
    } catch (cause) {
      throw new InvalidRequestError('INVALID_REGION', error.message, { cause });
    }
    if (region === undefined) throw error;
    return resolveTarget(url, { ...given, region }, env);
  }
}

/**
 * The profile's region, read once on first need through `readFile` (default: the file system on
 * Node; elsewhere reading fails, and only the options, host and environment count). Loaded lazily so
 * that callers who name a region never load the shared-file parser.
 */
export function lazyProfileRegion(env: EnvRecord, readFile: ReadFile | undefined): ProfileRegionReader {
  let region: Promise<string | undefined> | undefined;
  return () =>
    // The default chain's lazy chunk: one chunk for everything the fetch wrapper reads from the machine.
    (region ??= import('../credentials/defaultChain.js').then((m) => m.readProfileRegion(env, readFile)));
}
