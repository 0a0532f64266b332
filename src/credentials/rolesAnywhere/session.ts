/**
 * IAM Roles Anywhere's CreateSession exchange, shared by the Node (`node:crypto`) and the portable
 * (WebCrypto) `fromRolesAnywhere`: the options, the request, the answer, the cache. The algorithm
 * value signs; `signRequestAsync` takes the sync path for the Node one.
 */
import { CredentialsError, InvalidRequestError, ProviderError } from '../../errors.js';
import { signRequestAsync } from '../../sigv4/signAsync.js';
import type { Credentials } from '../../sigv4/types.js';
import { type CertificateFields, validityProblem } from '../../x509/certificateDer.js';
import type { X509AlgorithmOf } from '../../x509/shape.js';
import { type CacheOptions, withCache } from '../cache.js';
import { parseTimestamp, sealCredentials } from '../credentials.js';
import { exchange, parseJsonObject } from '../http.js';
import { type CredentialProvider, envValue, resolveRuntime, type RuntimeOptions } from '../provider.js';

/** The options of `fromRolesAnywhere` besides the certificate and key (shared by both builds). */
export interface RolesAnywhereSessionOptions extends RuntimeOptions {
  /** `arn:aws:rolesanywhere:REGION:ACCOUNT:trust-anchor/ID`: the CA your certificate chains to. */
  readonly trustAnchorArn: string;
  /** `arn:aws:rolesanywhere:REGION:ACCOUNT:profile/ID`. */
  readonly profileArn: string;
  /** The role to assume, e.g. `arn:aws:iam::123456789012:role/onprem`. */
  readonly roleArn: string;
  /** Default: the trust anchor ARN's region. */
  readonly region?: string | undefined;
  /** 900 to 43200; default 3600. */
  readonly durationSeconds?: number | undefined;
  /** Role session name (the service default is the certificate serial). */
  readonly roleSessionName?: string | undefined;
  /** Endpoint override; default `AWS_ENDPOINT_URL_ROLESANYWHERE`, `AWS_ENDPOINT_URL`, then `https://rolesanywhere.{region}.amazonaws.com`. */
  readonly endpoint?: string | undefined;
  /** Timeout of one CreateSession call in ms. Default 10 000. */
  readonly timeoutMs?: number | undefined;
  /** Refresh policy; `false` calls CreateSession on every call. */
  readonly cache?: CacheOptions | false | undefined;
}

const ARN = /^arn:aws[a-z-]*:rolesanywhere:([a-z0-9-]+):\d{12}:(trust-anchor|profile)\/[A-Za-z0-9-]+$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/;

function arnRegion(value: unknown, kind: 'trust-anchor' | 'profile', option: string): string {
  const m = typeof value === 'string' ? ARN.exec(value) : null;
  if (m === null || m[2] !== kind) {
    throw new InvalidRequestError('INVALID_OPTION', `${option} must be arn:aws:rolesanywhere:REGION:ACCOUNT:${kind}/ID, got ${JSON.stringify(value)}`);
  }
  return m[1]!;
}

/** Checks the options and answers the region, endpoint base and CreateSession body. @internal */
export function rolesAnywhereRequest(options: RolesAnywhereSessionOptions, env: Readonly<Record<string, string | undefined>>): { region: string; url: string; body: string } {
  const anchorRegion = arnRegion(options.trustAnchorArn, 'trust-anchor', 'trustAnchorArn');
  const profileRegion = arnRegion(options.profileArn, 'profile', 'profileArn');
  if (anchorRegion !== profileRegion) {
    throw new InvalidRequestError('INVALID_OPTION', `trustAnchorArn is in ${anchorRegion} but profileArn in ${profileRegion}: a profile works with trust anchors of its own region`);
  }
  if (typeof options.roleArn !== 'string' || !ROLE_ARN.test(options.roleArn)) {
    throw new InvalidRequestError('INVALID_OPTION', `roleArn must be arn:aws:iam::ACCOUNT:role/NAME, got ${JSON.stringify(options.roleArn)}`);
  }
  const region = options.region ?? anchorRegion;
  if (!/^[a-z0-9-]+$/.test(region)) throw new InvalidRequestError('INVALID_REGION', `region must be like us-east-1, got ${JSON.stringify(region)}`);
  const duration = options.durationSeconds ?? 3600;
  if (!Number.isInteger(duration) || duration < 900 || duration > 43200) {
    throw new InvalidRequestError('INVALID_OPTION', `durationSeconds must be an integer from 900 to 43200 (15 minutes to 12 hours), got ${String(duration)}`);
  }
  const name = options.roleSessionName;
  if (name !== undefined && (typeof name !== 'string' || !/^[\w+=,.@-]{2,64}$/.test(name))) {
    throw new InvalidRequestError('INVALID_OPTION', 'roleSessionName must be 2-64 characters of letters, digits and +=,.@_-');
  }
  const base = options.endpoint ?? envValue(env, 'AWS_ENDPOINT_URL_ROLESANYWHERE') ?? envValue(env, 'AWS_ENDPOINT_URL') ?? `https://rolesanywhere.${region}.amazonaws.com`;
  const url = `${base.replace(/\/+$/, '')}/sessions`;
  const body = JSON.stringify({
    durationSeconds: duration,
    profileArn: options.profileArn,
    roleArn: options.roleArn,
    trustAnchorArn: options.trustAnchorArn,
    ...(name !== undefined ? { roleSessionName: name } : {}),
  });
  return { region, url, body };
}

const CAUSES: Record<string, string> = {
  AccessDeniedException:
    'likely causes: the certificate does not chain to the trust anchor (or the anchor is disabled), the profile is disabled or does not list the role, or the role trust policy does not trust rolesanywhere.amazonaws.com for this certificate',
  ValidationException: 'the request was refused as malformed: check the ARNs, durationSeconds and roleSessionName',
  ResourceNotFoundException: 'the trust anchor or profile does not exist in this region and account: check the ARNs and the region',
};

/** CreateSession's answer read into credentials, or the error naming the cause. @internal */
export function readCreateSession(status: number, errorType: string | null, text: string): Credentials {
  const body = parseJsonObject(text);
  if (status !== 201 && status !== 200) {
    // x-amzn-ErrorType is "Type:namespace..." on AWS; the type is what comes before the colon.
    const type = (errorType ?? String(body?.['__type'] ?? '')).split(':')[0]!.split('#').pop() || `HTTP ${status}`;
    const message = typeof body?.['message'] === 'string' ? body['message'] : typeof body?.['Message'] === 'string' ? body['Message'] : '';
    const cause = CAUSES[type];
    const text_ = `IAM Roles Anywhere CreateSession refused (${type}${message ? `: ${message}` : ''})${cause ? `; ${cause}` : ''}`;
    if (type === 'AccessDeniedException') throw new CredentialsError('INVALID_CREDENTIALS', text_);
    throw new ProviderError('PROVIDER_FAILED', text_);
  }
  const set = Array.isArray(body?.['credentialSet']) ? (body['credentialSet'] as unknown[])[0] : undefined;
  const c = (set !== null && typeof set === 'object' ? (set as Record<string, unknown>)['credentials'] : undefined) as Record<string, unknown> | undefined;
  const [accessKeyId, secretAccessKey, sessionToken, expiration] = ['accessKeyId', 'secretAccessKey', 'sessionToken', 'expiration'].map((k) => c?.[k]);
  if (typeof accessKeyId !== 'string' || typeof secretAccessKey !== 'string' || typeof sessionToken !== 'string' || typeof expiration !== 'string') {
    throw new ProviderError('PROVIDER_FAILED', 'IAM Roles Anywhere CreateSession answered without credentialSet[0].credentials (accessKeyId, secretAccessKey, sessionToken, expiration)');
  }
  return sealCredentials({ accessKeyId, secretAccessKey, sessionToken, expiration: parseTimestamp(expiration, 'CreateSession expiration') });
}

/** The cached provider that signs CreateSession with `algorithm` (checked options: see {@link rolesAnywhereRequest}). @internal */
export function createSessionProvider(options: RolesAnywhereSessionOptions, algorithm: X509AlgorithmOf<CertificateFields>): CredentialProvider {
  const runtime = resolveRuntime(options);
  const target = rolesAnywhereRequest(options, runtime.env);
  const provider: CredentialProvider = async () => {
    const now = runtime.clock();
    const problem = validityProblem(algorithm.certificate, now);
    if (problem !== undefined) throw new CredentialsError('CREDENTIALS_EXPIRED', problem);
    const signed = await signRequestAsync(
      { method: 'POST', url: target.url, headers: { 'content-type': 'application/json' }, body: target.body },
      { credentials: algorithm.credentials, region: target.region, service: 'rolesanywhere', algorithm, signingDate: now },
    );
    const result = await exchange(runtime.fetch, target.url, { method: 'POST', headers: signed.headers, body: target.body }, options.timeoutMs ?? 10_000, 'IAM Roles Anywhere');
    if (!result.ok) throw result.error;
    const { status, headers, text } = result.response;
    return readCreateSession(status, headers.get('x-amzn-errortype'), text);
  };
  return withCache(provider, options.cache, runtime.clock, 'IAM Roles Anywhere');
}
