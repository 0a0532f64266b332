/** What the signing commands share: credentials from the machine, the signing target, printing a signature. */
import { fromDefaultChain } from '../credentials/defaultChain.js';
import { fromIni } from '../credentials/profile/ini.js';
import type { CredentialProvider, RuntimeOptions } from '../credentials/provider.js';
import { readProfileRegion } from '../credentials/profile/region.js';
import { InvalidRequestError } from '../errors.js';
import { resolveTarget, type SigningTarget } from '../fetch/target.js';
import { maskAccessKeyId, REDACTED } from '../redact.js';
import type { SignedRequest } from '../sigv4/types.js';
import { redactCanonicalRequest } from '../verify/errorBody.js';
import { type Flags, stringFlag } from './args.js';
import { type CliIo, textReader } from './io.js';

/** Options every signing command takes. */
export const SIGNING_OPTIONS = {
  service: { type: 'string' },
  region: { type: 'string' },
  profile: { type: 'string' },
  verbose: { type: 'boolean', short: 'v' },
} as const;

/** Help text lines for {@link SIGNING_OPTIONS}. */
export const SIGNING_HELP = `  --service NAME      Signing name (mediaconnect, s3, execute-api, ...). Default: from the host name.
  --region NAME       Default: from the host name, else AWS_REGION, AWS_DEFAULT_REGION, the profile's region.
  --profile NAME      Use this profile of ~/.aws/config and ~/.aws/credentials (ignores AWS_ACCESS_KEY_ID & co.).
                      Default: the standard chain (environment, AWS_PROFILE or default profile, web identity,
                      container, instance role).
  -v, --verbose       Show the canonical request and string to sign on stderr (session token redacted).
  -h, --help          Show this help.`;

/** The injected edges in the credential providers' format; warnings go to stderr. */
export function runtimeOf(io: CliIo): RuntimeOptions {
  return { env: io.env, readFile: textReader(io), fetch: io.fetch, clock: io.clock, warn: (m) => io.stderr.write(`warning: ${m}\n`) };
}

/** `--profile` (only that profile, as the aws CLI does), else the default chain. */
export function credentialsFor(flags: Flags, io: CliIo): CredentialProvider {
  const profile = stringFlag(flags, 'profile');
  return profile === undefined ? fromDefaultChain(runtimeOf(io)) : fromIni({ ...runtimeOf(io), profile });
}

/** Service and region for `url`: flags, host name, environment, then the profile's `region`. */
export async function targetFor(url: string, flags: Flags, io: CliIo): Promise<SigningTarget> {
  const given = { service: stringFlag(flags, 'service'), region: stringFlag(flags, 'region') };
  try {
    return resolveTarget(url, given, io.env);
  } catch (error) {
    if (!(error instanceof InvalidRequestError && error.code === 'INVALID_REGION')) throw error;
    const region = await profileRegion(flags, io);
    if (region === undefined) throw error;
    return resolveTarget(url, { ...given, region }, io.env);
  }
}

/** The STS region for commands that call STS: `--region`, else (when the environment names none) the profile's. */
export async function stsRegionFor(flags: Flags, io: CliIo): Promise<string | undefined> {
  const flag = stringFlag(flags, 'region');
  if (flag !== undefined || io.env['AWS_REGION'] || io.env['AWS_DEFAULT_REGION']) return flag;
  return profileRegion(flags, io);
}

function profileRegion(flags: Flags, io: CliIo): Promise<string | undefined> {
  return readProfileRegion(io.env, textReader(io), stringFlag(flags, 'profile'));
}

const indent = (text: string, mark: string): string => text.split('\n').map((line) => `${mark} ${line}`).join('\n');

/** The parts of a signature `-v` shows. */
export type SigningView = Pick<SignedRequest, 'canonicalRequest' | 'stringToSign' | 'credentialScope' | 'signedHeaders'>;

/** The `-v` view of a signature: scope, canonical request and string to sign, token redacted. */
export function describeSigning(signed: SigningView, accessKeyId: string): string {
  return [
    `* signed for ${signed.credentialScope} with ${maskAccessKeyId(accessKeyId)}; SignedHeaders=${signed.signedHeaders}`,
    '* canonical request:',
    indent(redactCanonicalRequest(signed.canonicalRequest), '*  '),
    '* string to sign:',
    indent(signed.stringToSign, '*  '),
    '',
  ].join('\n');
}

/** The access key id in an Authorization header. */
export function accessKeyIdOf(authorization: string | undefined): string {
  return /Credential=([^/]+)\//.exec(authorization ?? '')?.[1] ?? '';
}

/** Header lines as sent, each after `mark` (e.g. `'> '`), the session token redacted. */
export function describeHeaders(headers: Readonly<Record<string, string>>, mark: string): string {
  return Object.entries(headers)
    .map(([name, value]) => `${mark}${name}: ${name === 'x-amz-security-token' ? REDACTED : value}\n`)
    .join('');
}
