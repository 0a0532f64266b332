/**
 * Which container credential URLs may be used. Plain http is allowed only to the ECS and EKS Pod
 * Identity agent addresses and to loopback, checked after DNS resolution, and the request then goes
 * to the address that was checked (so a DNS answer cannot change between check and use).
 */
import { lookupHost } from '#io';
import { ProviderError } from '../../errors.js';

import type { LookupFunction } from '../io.js';
export type { LookupFunction };

/** ECS task metadata, EKS Pod Identity (IPv4 and IPv6). */
const AGENT_ADDRESSES = new Set(['169.254.170.2', '169.254.170.23', 'fd00:ec2::23']);

/** True for an address a plain-http credential URL may point at. */
export function isAllowedAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, '').toLowerCase().replace(/^::ffff:(?=\d)/, '');
  return AGENT_ADDRESSES.has(ip) || ip === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ip);
}

/**
 * Checks `AWS_CONTAINER_CREDENTIALS_FULL_URI` and returns the URL to request.
 * @throws {ProviderError} `PROVIDER_FAILED` for a URL that is malformed or points anywhere not allowed.
 */
export async function checkFullUri(value: string, lookup: LookupFunction = lookupHost): Promise<string> {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw refuse('AWS_CONTAINER_CREDENTIALS_FULL_URI is not a valid URL');
  }
  if (url.username !== '' || url.password !== '') throw refuse('AWS_CONTAINER_CREDENTIALS_FULL_URI must not carry user info');
  if (url.protocol === 'https:') return url.href;
  if (url.protocol !== 'http:') throw refuse('AWS_CONTAINER_CREDENTIALS_FULL_URI must be http or https');
  const host = url.hostname;
  if (isAllowedAddress(host) || host === 'localhost') return url.href;
  if (/^[\d.]+$/.test(host) || host.startsWith('[')) throw refuse(`http to ${host} is not allowed`);
  let addresses: readonly string[];
  try {
    addresses = await lookup(host);
  } catch (error) {
    throw new ProviderError('METADATA_UNREACHABLE', `cannot resolve ${host} from AWS_CONTAINER_CREDENTIALS_FULL_URI`, { cause: error });
  }
  const [first] = addresses;
  if (first === undefined || !addresses.every(isAllowedAddress)) {
    throw refuse(`http to ${host} is allowed only when it resolves to loopback or the ECS/EKS agent addresses`);
  }
  url.hostname = first.includes(':') ? `[${first}]` : first;
  return url.href;
}

function refuse(reason: string): ProviderError {
  return new ProviderError(
    'PROVIDER_FAILED',
    `${reason}: plain http is accepted only for loopback, 169.254.170.2, 169.254.170.23 and fd00:ec2::23; use https otherwise`,
  );
}
