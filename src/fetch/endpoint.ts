/**
 * Service and region from an AWS endpoint host name, for the fetch wrapper's defaults. Deliberately
 * small: the regular `{service}.{region}.amazonaws.com` family (with FIPS, dual-stack, China and the
 * `api.aws` suffixes), S3's virtual-hosted, path-style and legacy `s3-{region}` hosts, and a few global
 * endpoints. Anything else (custom domains, loopback, VPC endpoints) needs `service` and `region`.
 */

/** What a host name says; either part may be missing. */
export interface EndpointHints {
  readonly service?: string;
  readonly region?: string;
}

const SUFFIXES = ['.amazonaws.com.cn', '.amazonaws.com', '.api.amazonwebservices.com.cn', '.api.aws'];
// us-east-1, eu-central-2, us-gov-west-1, cn-north-1, us-isob-east-1, ap-southeast-7 ...
const REGION = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
// Endpoint prefixes whose signing name differs (the endpoint prefix is what the host carries).
const SIGNING_NAMES: Readonly<Record<string, string>> = { email: 'ses', 'runtime.sagemaker': 'sagemaker', 's3-control': 's3', 's3-accesspoint': 's3' };
// Global endpoints: one host, signed for the partition's first region.
const GLOBAL: ReadonlySet<string> = new Set(['iam', 'sts', 'route53', 'cloudfront', 'organizations', 's3']);

/**
 * Service (signing name) and region implied by `host` (no port), or `{}` when it is not a
 * recognised AWS endpoint.
 * @example
 * hintsFromHost('mediaconnect.us-east-1.amazonaws.com'); // { service: 'mediaconnect', region: 'us-east-1' }
 * hintsFromHost('my-bucket.s3.eu-west-1.amazonaws.com');  // { service: 's3', region: 'eu-west-1' }
 * hintsFromHost('kms-fips.us-gov-west-1.amazonaws.com');  // { service: 'kms', region: 'us-gov-west-1' }
 */
export function hintsFromHost(host: string): EndpointHints {
  const name = host.toLowerCase().replace(/\.$/, '');
  const suffix = SUFFIXES.find((s) => name.endsWith(s));
  if (suffix === undefined) return {};
  const labels = name.slice(0, -suffix.length).split('.');
  const china = suffix.endsWith('.cn');
  const at = labels.findIndex((label) => REGION.test(label));
  if (at > 0) return { service: serviceBefore(labels, at), region: labels[at]! };
  return s3Legacy(labels) ?? globalEndpoint(labels, china);
}

/** The label before the region, skipping `dualstack`, without `-fips`, mapped to its signing name. */
function serviceBefore(labels: readonly string[], regionAt: number): string {
  let i = regionAt - 1;
  if (labels[i] === 'dualstack' && i > 0) i--;
  const prefix = labels[i]!.replace(/-fips$/, '');
  // Virtual-hosted S3 ("bucket.s3.region"): the bucket is left of "s3", never a service.
  if (prefix === 's3' || prefix.startsWith('s3-')) return SIGNING_NAMES[prefix] ?? 's3';
  const twoLabels = i > 0 ? `${labels[i - 1]!}.${prefix}` : undefined;
  return (twoLabels && SIGNING_NAMES[twoLabels]) ?? SIGNING_NAMES[prefix] ?? prefix;
}

/** `s3-us-west-2.amazonaws.com`, `bucket.s3-eu-west-1.amazonaws.com` (the pre-2019 dash form). */
function s3Legacy(labels: readonly string[]): EndpointHints | undefined {
  const last = labels[labels.length - 1] ?? '';
  const match = /^s3-(.+)$/.exec(last);
  return match && REGION.test(match[1]!) ? { service: 's3', region: match[1]! } : undefined;
}

/** `sts.amazonaws.com`, `bucket.s3.amazonaws.com`, `iam.amazonaws.com.cn` ... */
function globalEndpoint(labels: readonly string[], china: boolean): EndpointHints {
  const last = labels[labels.length - 1] ?? '';
  const service = last.replace(/-fips$/, '');
  if (!GLOBAL.has(service) || (labels.length > 1 && service !== 's3')) return {};
  return { service, region: china ? 'cn-north-1' : 'us-east-1' };
}
