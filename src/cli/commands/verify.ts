/** `sigv4 verify`: checks the SigV4 signature of a raw HTTP request read from stdin. */
import { InvalidRequestError, SigV4Error } from '../../errors.js';
import { verifyRequest } from '../../verify/verifyRequest.js';
import type { VerifyOptions } from '../../verify/types.js';
import { type CliIo, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, readStdin } from '../io.js';
import { parseRawHttpRequest } from '../rawHttp.js';
import { credentialsFromEnv, type KnownKey, parseCredentialsFile } from './verifyCredentials.js';

/** What the command touches (the shared CLI io; `fetch` and `retry` are not used). */
export type VerifyIo = Pick<CliIo, 'stdin' | 'stdout' | 'stderr' | 'env' | 'readFile' | 'clock'>;

/** The text of `sigv4 verify --help` (main.ts may reuse it for the command list). */
export const VERIFY_HELP = `Usage: sigv4 verify [options] < request.http

Checks the AWS Signature Version 4 of a raw HTTP request read from stdin (request line,
headers, empty line, body; CRLF or LF). Header-signed and presigned requests, S3 and other
services. Prints the result as JSON.

Options:
  --credentials FILE   Keys to verify with: JSON {"accessKeyId","secretAccessKey","sessionToken"?}
                       or an AWS credentials/config INI file. Default: AWS_ACCESS_KEY_ID,
                       AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN from the environment.
  --profile NAME       Profile to read from an INI file. Default: $AWS_PROFILE or "default".
  --now TIME           Verify as of TIME (ISO 8601, or 20150830T123600Z). Default: now.
  --max-skew SECONDS   Allowed clock difference. Default: 300.
  --region NAME        Accept only this region (repeatable).
  --service NAME       Accept only this service (repeatable).
  --no-normalize-path  Do not remove dot segments before encoding (default: remove, except S3).
  --single-encode      Encode the path once, as S3 does (default: twice, except S3).
  -h, --help           Show this help.

Exit status: 0 valid, 1 invalid (the JSON says why, with AWS's error code), 2 usage error.
`;

interface Flags {
  credentials?: string;
  profile?: string;
  now?: Date;
  maxSkew?: number;
  regions: string[];
  services: string[];
  normalizePath?: boolean;
  uriEscapePath?: boolean;
  help: boolean;
}

const usage = (message: string): InvalidRequestError => new InvalidRequestError('INVALID_OPTION', message);

function parseTime(value: string): Date {
  const amz = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  const date = new Date(amz ? `${amz[1]}-${amz[2]}-${amz[3]}T${amz[4]}:${amz[5]}:${amz[6]}Z` : value);
  if (Number.isNaN(date.getTime())) throw usage(`--now must be an ISO 8601 time, got ${JSON.stringify(value)}`);
  return date;
}

function parseFlags(argv: readonly string[]): Flags {
  const flags: Flags = { regions: [], services: [], help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq < 0 ? arg : arg.slice(0, eq);
    const value = (): string => {
      const v = eq < 0 ? argv[++i] : arg.slice(eq + 1);
      if (v === undefined || v === '') throw usage(`${name} needs a value`);
      return v;
    };
    if (name === '-h' || name === '--help') flags.help = true;
    else if (name === '--credentials') flags.credentials = value();
    else if (name === '--profile') flags.profile = value();
    else if (name === '--now') flags.now = parseTime(value());
    else if (name === '--max-skew') flags.maxSkew = Number(value());
    else if (name === '--region') flags.regions.push(value());
    else if (name === '--service') flags.services.push(value());
    else if (name === '--no-normalize-path') flags.normalizePath = false;
    else if (name === '--single-encode') flags.uriEscapePath = false;
    else throw usage(`unknown argument ${JSON.stringify(arg)} (see sigv4 verify --help)`);
  }
  return flags;
}

async function loadKey(flags: Flags, io: VerifyIo): Promise<KnownKey> {
  if (flags.credentials === undefined) return credentialsFromEnv(io.env);
  let content: string | Uint8Array;
  try {
    content = await io.readFile(flags.credentials);
  } catch (error) {
    throw usage(`cannot read ${flags.credentials}: ${(error as { code?: string }).code ?? 'read failed'}`);
  }
  return parseCredentialsFile(content, flags.credentials, flags.profile ?? io.env['AWS_PROFILE'] ?? 'default');
}

function options(flags: Flags, key: KnownKey, io: VerifyIo): VerifyOptions {
  return {
    getCredentials: (id) => (id === key.accessKeyId ? key : undefined),
    now: flags.now ?? (io.clock ? io.clock() : new Date()),
    ...(flags.maxSkew === undefined ? {} : { maxSkewSeconds: flags.maxSkew }),
    ...(flags.regions.length > 0 ? { regions: flags.regions } : {}),
    ...(flags.services.length > 0 ? { services: flags.services } : {}),
    ...(flags.normalizePath === undefined ? {} : { normalizePath: flags.normalizePath }),
    ...(flags.uriEscapePath === undefined ? {} : { uriEscapePath: flags.uriEscapePath }),
  };
}

/**
 * Runs `sigv4 verify` with `argv` (the arguments after `verify`). Resolves with the exit code:
 * 0 valid, 1 invalid, 2 usage error (bad flag, unreadable request or credentials).
 * @example
 * const code = await runVerify(process.argv.slice(3), { stdin: process.stdin, stdout: process.stdout,
 *   stderr: process.stderr, env: process.env, readFile: (p) => fs.promises.readFile(p) });
 */
export async function runVerify(argv: readonly string[], io: VerifyIo): Promise<number> {
  try {
    const flags = parseFlags(argv);
    if (flags.help) {
      io.stdout.write(VERIFY_HELP);
      return EXIT_OK;
    }
    const key = await loadKey(flags, io);
    const raw = parseRawHttpRequest(await readStdin(io.stdin));
    const result = await verifyRequest({ method: raw.method, url: raw.url, headers: raw.headers, body: raw.body }, options(flags, key, io));
    // The result prints its session token redacted (its toJSON does that).
    io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return result.valid ? EXIT_OK : EXIT_FAILURE;
  } catch (error) {
    if (!(error instanceof SigV4Error)) throw error;
    io.stderr.write(`sigv4 verify: ${error.message}\n`);
    return EXIT_USAGE;
  }
}
