/** `sigv4 fetch`: a signed request, like curl. */
import { explainSignatureMismatch } from '../../explain/explain.js';
import { type ChecksumAlgorithm, checkChecksumAlgorithm } from '../../chunked/checksum.js';
import { createSignedFetch } from '../../fetch/fetch.js';
import { toNetworkError } from '../../fetch/networkError.js';
import { readServiceError } from '../../fetch/serviceError.js';
import { scrubSecrets } from '../../redact.js';
import type { SignedRequest } from '../../sigv4/types.js';
import { type Flags, parseCommand, parseHeaderFlags, stringFlag, UsageError } from '../args.js';
import { accessKeyIdOf, credentialsFor, describeHeaders, describeSigning, SIGNING_HELP, SIGNING_OPTIONS, targetFor } from '../common.js';
import { type CliIo, EXIT_FAILURE, EXIT_OK, readStdin } from '../io.js';

/** The text of `sigv4 fetch --help`. */
export const FETCH_HELP = `Usage: sigv4 fetch URL [-X METHOD] [-H 'Name: value']... [-d DATA|@file|@- | -T FILE] [options]

Sends a request signed with AWS Signature Version 4 and prints the response body, like curl.
Credentials come from the standard chain (or --profile). A 4xx/5xx answer prints AWS's error code
and message on stderr and exits 1.

Options:
  -X, --request METHOD  HTTP method. Default: GET, or POST with -d.
  -H, --header LINE     Extra header 'Name: value' (repeatable); signed unless it is on the unsigned list.
  -d, --data DATA       Request body: DATA as is, @FILE for a file's bytes, @- for stdin. Default
                        Content-Type with -d: application/x-www-form-urlencoded (as curl).
      --data-binary DATA  The same, as curl names it for bytes sent exactly as read (same default
                        Content-Type: pass -H 'Content-Type: ...' for anything but a form).
  -T, --upload-file FILE  PUT (unless -X says otherwise) the file's bytes (- for stdin), with
                        Content-Type application/octet-stream unless -H gives one; a URL ending
                        in / gets the file name appended (as curl). Use this for S3 uploads.
  -m, --max-time SECONDS  Give up when no answer came within SECONDS (decimals allowed).
  -i, --include         Print the response status line and headers before the body.
      --checksum ALGO   For S3: send the body's checksum as S3 checks it (x-amz-checksum-<algo>):
                        CRC32, CRC32C, CRC64NVME (S3's full-object checksum), SHA1 or SHA256.
${SIGNING_HELP}

Exit status: 0 success (HTTP < 400), 1 AWS error / network / credentials, 2 usage error.

Example:
  sigv4 fetch https://mediaconnect.us-east-1.amazonaws.com/v1/flows
  sigv4 fetch https://sts.us-east-1.amazonaws.com/ -d 'Action=GetCallerIdentity&Version=2011-06-15'
  sigv4 fetch https://my-bucket.s3.us-east-1.amazonaws.com/photos/ -T cat.jpg -H 'Content-Type: image/jpeg'
`;

const OPTIONS = {
  ...SIGNING_OPTIONS,
  request: { type: 'string', short: 'X' },
  header: { type: 'string', short: 'H', multiple: true },
  data: { type: 'string', short: 'd' },
  'data-binary': { type: 'string' },
  'upload-file': { type: 'string', short: 'T' },
  'max-time': { type: 'string', short: 'm' },
  include: { type: 'boolean', short: 'i' },
  checksum: { type: 'string' },
} as const;

async function readData(data: string | undefined, io: CliIo): Promise<string | Uint8Array | undefined> {
  if (data === undefined || !data.startsWith('@')) return data;
  return readPath(data.slice(1), io);
}

async function readPath(path: string, io: CliIo): Promise<Uint8Array | string> {
  if (path === '-') return readStdin(io.stdin);
  try {
    return await io.readFile(path);
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as { code?: string }).code ?? 'read failed'}`);
  }
}

/** The body flag given: -d, --data-binary or -T (one at most). */
function bodyFlag(flags: Flags): { flag: 'data' | 'data-binary' | 'upload-file'; value: string } | undefined {
  const given = (['data', 'data-binary', 'upload-file'] as const).filter((f) => stringFlag(flags, f) !== undefined);
  if (given.length > 1) throw new UsageError(`give one body: ${given.map((f) => (f === 'upload-file' ? '-T' : `--${f}`)).join(' and ')} were both given`);
  const flag = given[0];
  return flag === undefined ? undefined : { flag, value: stringFlag(flags, flag)! };
}

/** curl -T: a URL ending in '/' names a folder, and the file name is appended. */
function uploadUrl(url: string, file: string): string {
  const at = new URL(url);
  const name = file.slice(file.lastIndexOf('/') + 1);
  if (file === '-' || !at.pathname.endsWith('/') || name === '') return url;
  at.pathname += encodeURIComponent(name);
  return at.href;
}

async function buildRequest(flags: Flags, io: CliIo): Promise<RequestInit> {
  const given = bodyFlag(flags);
  const upload = given?.flag === 'upload-file';
  const body = given === undefined ? undefined : upload ? await readPath(given.value, io) : await readData(given.value, io);
  const headers = parseHeaderFlags((flags['header'] as string[] | undefined) ?? []);
  // curl's defaults: a form for -d/--data-binary; for -T curl sends none, and S3 would store that as octet-stream.
  if (body !== undefined && !headers.some(([n]) => n.toLowerCase() === 'content-type')) {
    headers.push(['content-type', upload ? 'application/octet-stream' : 'application/x-www-form-urlencoded']);
  }
  const method = stringFlag(flags, 'request') ?? (upload ? 'PUT' : body === undefined ? 'GET' : 'POST');
  const maxTime = stringFlag(flags, 'max-time');
  if (maxTime !== undefined && !/^(?:\d+\.?\d*|\.\d+)$/.test(maxTime)) throw new UsageError(`--max-time must be a number of seconds, got ${JSON.stringify(maxTime)}`);
  const signal = maxTime === undefined ? undefined : AbortSignal.timeout(Math.max(1, Math.round(Number(maxTime) * 1000)));
  return { method, headers, ...(body === undefined ? {} : { body: body as BodyInit }), ...(signal ? { signal } : {}) };
}

/** `--checksum`, upper-cased (`crc64nvme` works too). */
function checksumFlag(value: string | undefined): ChecksumAlgorithm | undefined {
  if (value === undefined) return undefined;
  try {
    return checkChecksumAlgorithm(value.toUpperCase());
  } catch {
    throw new UsageError(`--checksum must be CRC32, CRC32C, CRC64NVME, SHA1 or SHA256, not ${JSON.stringify(value)}`);
  }
}

/**
 * Runs `sigv4 fetch` with the arguments after `fetch`; resolves with the exit status.
 * @example
 * await runFetch(['https://mediaconnect.us-east-1.amazonaws.com/v1/flows', '-v'], io);
 */
export async function runFetch(argv: readonly string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseCommand('fetch', argv, OPTIONS, 1);
  if (flags['help'] === true) return (io.stdout.write(FETCH_HELP), EXIT_OK);
  const url = positionals[0];
  if (url === undefined) throw new UsageError('missing URL (see sigv4 fetch --help)');
  if (!URL.canParse(url)) throw new UsageError(`not an absolute URL: ${JSON.stringify(url)}`);
  const verbose = flags['verbose'] === true;
  const checksum = checksumFlag(stringFlag(flags, 'checksum'));
  const init = await buildRequest(flags, io);
  const upload = stringFlag(flags, 'upload-file');
  const sendTo = upload === undefined ? url : uploadUrl(url, upload);
  const target = await targetFor(sendTo, flags, io);
  let last: SignedRequest | undefined;
  const send = createSignedFetch({
    ...target,
    credentials: credentialsFor(flags, io),
    fetch: io.fetch,
    clock: io.clock,
    env: io.env,
    retry: io.retry,
    s3Checksum: checksum,
    onSigned: (signed) => {
      last = signed;
      if (verbose) io.stderr.write(`${describeSigning(signed, accessKeyIdOf(signed.headers['authorization']))}> ${signed.method} ${signed.url}\n${describeHeaders(signed.headers, '> ')}`);
    },
  });
  const response = await send(sendTo, init);
  // --max-time also covers the body: a timeout while reading it is the same NetworkError.
  const buffer: ArrayBuffer = await response.arrayBuffer().catch((error: unknown) => Promise.reject(toNetworkError(error, sendTo)));
  const bytes = new Uint8Array(buffer);
  // A server may echo the session token it was sent (in a header, a request id, a message): never print it.
  const secrets = [last?.headers['x-amz-security-token'] ?? ''].filter((s) => s.length >= 4);
  const head = scrubSecrets(`HTTP ${response.status} ${response.statusText}\n${describeHeaders(Object.fromEntries(response.headers), '')}`, secrets);
  if (verbose) io.stderr.write(head.replace(/^(?=.)/gm, '< '));
  if (response.status < 400) {
    if (flags['include'] === true) io.stdout.write(`${head}\n`);
    io.stdout.write(bytes);
    return EXIT_OK;
  }
  const text = new TextDecoder().decode(bytes);
  const error = readServiceError(response, text, secrets);
  io.stderr.write(`sigv4 fetch: HTTP ${error.status}: ${error.awsCode ?? 'error'}${error.awsMessage ? `: ${error.awsMessage}` : ''}${error.requestId ? ` (request id ${error.requestId})` : ''}\n`);
  if (verbose && error.awsCode === 'SignatureDoesNotMatch' && last !== undefined) io.stderr.write(explainSignatureMismatch(text, last).text);
  return EXIT_FAILURE;
}
