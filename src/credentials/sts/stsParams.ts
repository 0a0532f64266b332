/** STS request parameters: checked against the STS API's documented constraints before anything is sent. */
import { CredentialsError, InvalidRequestError } from '../../errors.js';

/** Called for a fresh MFA code (6 digits) whenever credentials are (re)fetched. */
export type MfaCodeProvider = (serialNumber: string) => Promise<string> | string;

/** Options shared by AssumeRole, AssumeRoleWithWebIdentity and AssumeRoleWithSAML. */
export interface RoleSessionOptions {
  /** 2–64 characters of `[\w+=,.@-]`. Default: `sigv4-kit-<epoch ms>`. */
  readonly roleSessionName?: string | undefined;
  /** 900–43200 seconds; STS defaults to 3600 when omitted. */
  readonly durationSeconds?: number | undefined;
  /** Session policy (JSON text, or an object to serialise) that further limits the session. */
  readonly policy?: string | object | undefined;
  /** Managed policy ARNs used as session policies (up to 10). */
  readonly policyArns?: readonly string[] | undefined;
}

type Pairs = Array<[string, string]>;

const ARN = /^arn:[\w+=/,.@:-]+$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const SERIAL = /^[\w+=/:,.@-]{9,256}$/;
const TOKEN_CODE = /^\d{6}$/;

function bad(field: string, rule: string): never {
  throw new InvalidRequestError('INVALID_OPTION', `${field} must be ${rule}`);
}

/** Checks an ARN option and returns it. */
export function checkArn(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length < 20 || value.length > 2048 || !ARN.test(value)) bad(field, 'an ARN (arn:aws:...)');
  return value as string;
}

/** Optional pattern-checked string: returns `[[name, value]]` or nothing. */
export function optional(name: string, value: unknown, pattern: RegExp, field: string, rule: string): Pairs {
  if (value === undefined) return [];
  if (typeof value !== 'string' || !pattern.test(value)) bad(field, rule);
  return [[name, value as string]];
}

/** Checks `durationSeconds` against `[min, max]`. */
export function duration(value: unknown, max: number): Pairs {
  if (value === undefined) return [];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 900 || value > max) bad('durationSeconds', `a whole number from 900 to ${max}`);
  return [['DurationSeconds', String(value)]];
}

/** RoleArn, RoleSessionName, DurationSeconds, Policy and PolicyArns, in STS's parameter order. */
export function roleSessionParams(roleArn: unknown, options: RoleSessionOptions, now: Date): Pairs {
  const name = options.roleSessionName ?? `sigv4-kit-${now.getTime()}`;
  const policy = options.policy === undefined || typeof options.policy === 'string' ? options.policy : JSON.stringify(options.policy);
  if (options.policyArns !== undefined && (!Array.isArray(options.policyArns) || options.policyArns.length > 10)) bad('policyArns', 'an array of at most 10 ARNs');
  return [
    ['RoleArn', checkArn(roleArn, 'roleArn')],
    ...optional('RoleSessionName', name, SESSION_NAME, 'roleSessionName', '2-64 characters of letters, digits and +=,.@_-'),
    ...(options.policyArns ?? []).map((arn, i): [string, string] => [`PolicyArns.member.${i + 1}.arn`, checkArn(arn, 'policyArns[]')]),
    ...(policy === undefined ? [] : checkPolicy(policy)),
    ...duration(options.durationSeconds, 43_200),
  ];
}

function checkPolicy(policy: unknown): Pairs {
  if (typeof policy !== 'string' || policy.length === 0 || policy.length > 2048) bad('policy', 'a JSON policy of 1-2048 characters');
  return [['Policy', policy as string]];
}

/** ExternalId, checked. */
export function externalIdParams(externalId: unknown): Pairs {
  return optional('ExternalId', externalId, EXTERNAL_ID, 'externalId', '2-1224 characters of letters, digits and +=,.@:/_-');
}

/** SerialNumber and a fresh TokenCode from `mfaCode`, or nothing when no MFA device is configured. */
export async function mfaParams(serialNumber: unknown, mfaCode: MfaCodeProvider | undefined): Promise<Pairs> {
  if (serialNumber === undefined) return [];
  const serial = optional('SerialNumber', serialNumber, SERIAL, 'serialNumber', 'an MFA device serial or ARN (9-256 characters)');
  if (mfaCode === undefined) {
    throw new CredentialsError('MFA_CODE_REQUIRED', `an MFA code is required for ${String(serialNumber)}: pass an mfaCode callback`);
  }
  const code = String(await mfaCode(serialNumber as string)).trim();
  if (!TOKEN_CODE.test(code)) throw new CredentialsError('MFA_CODE_REQUIRED', 'the MFA code must be exactly 6 digits');
  return [...serial, ['TokenCode', code]];
}

/** Session tags: `{ Project: 'x' }` or `[{ key, value }]`, up to 50. */
export type SessionTags = Readonly<Record<string, string>> | ReadonlyArray<{ readonly key: string; readonly value: string }>;

/** Tags.member.N.Key/Value and TransitiveTagKeys.member.N. */
export function tagParams(tags: SessionTags | undefined, transitive: readonly string[] | undefined): Pairs {
  const list = tags === undefined ? [] : Array.isArray(tags) ? (tags as ReadonlyArray<{ key: string; value: string }>) : Object.entries(tags).map(([key, value]) => ({ key, value }));
  if (list.length > 50) bad('tags', 'at most 50 tags');
  const pairs: Pairs = [];
  list.forEach(({ key, value }, i) => {
    if (typeof key !== 'string' || key.length < 1 || key.length > 128 || typeof value !== 'string' || value.length > 256) {
      bad('tags', 'keys of 1-128 and values of 0-256 characters');
    }
    pairs.push([`Tags.member.${i + 1}.Key`, key], [`Tags.member.${i + 1}.Value`, value]);
  });
  (transitive ?? []).forEach((key, i) => pairs.push([`TransitiveTagKeys.member.${i + 1}`, String(key)]));
  return pairs;
}

/** SourceIdentity, checked. */
export function sourceIdentityParams(sourceIdentity: unknown): Pairs {
  return optional('SourceIdentity', sourceIdentity, SESSION_NAME, 'sourceIdentity', '2-64 characters of letters, digits and +=,.@_-');
}
