/** `sigv4 sign`: a raw HTTP request on stdin, the same request signed on stdout. */
import { signRequest } from '../../sigv4/sign.js';
import { parseCommand, stringFlag, UsageError } from '../args.js';
import { credentialsFor, describeSigning, SIGNING_HELP, SIGNING_OPTIONS, targetFor } from '../common.js';
import { type CliIo, EXIT_OK, readStdin } from '../io.js';
import { parseRawHttpRequest } from '../rawHttp.js';

/** The text of `sigv4 sign --help`. */
export const SIGN_HELP = `Usage: sigv4 sign [--scheme https|http] [options] < request.http

Reads a raw HTTP/1.1 request on stdin (request line, headers, empty line, body; CRLF or LF) and
writes it signed with AWS Signature Version 4 on stdout: x-amz-date, x-amz-content-sha256,
x-amz-security-token (temporary credentials) and authorization added, and content-length when the
request has a body without one (a given content-length is kept). The request target may be a
path (the Host header names the host) or an absolute URL.

Options:
  --scheme SCHEME     For a path target: https (default) or http. Not signed, but it decides
                      which default port is dropped from the signed host.
${SIGNING_HELP}

The output carries the session token: it is a usable request. Exit status: 0 success,
1 credentials error, 2 usage error (bad flag, malformed request).

Example:
  printf 'GET /v1/flows HTTP/1.1\\r\\nHost: mediaconnect.us-east-1.amazonaws.com\\r\\n\\r\\n' | sigv4 sign
`;

const OPTIONS = { ...SIGNING_OPTIONS, scheme: { type: 'string' } } as const;

function absoluteUrl(target: string, headers: ReadonlyArray<readonly [string, string]>, scheme: string): string {
  if (/^https?:\/\//i.test(target)) return target;
  const host = headers.find(([name]) => name.toLowerCase() === 'host')?.[1];
  if (host === undefined) throw new UsageError('the request has a path target and no Host header');
  if (!target.startsWith('/')) throw new UsageError(`the request target must start with "/" or be an absolute URL, got ${JSON.stringify(target)}`);
  return `${scheme}://${host}${target}`;
}

/**
 * Runs `sigv4 sign` with the arguments after `sign`; resolves with the exit status.
 * @example
 * await runSign(['--service', 'mediaconnect'], { ...io, stdin: 'GET /v1/flows HTTP/1.1\r\nHost: ...\r\n\r\n' });
 */
export async function runSign(argv: readonly string[], io: CliIo): Promise<number> {
  const { flags } = parseCommand('sign', argv, OPTIONS, 0);
  if (flags['help'] === true) return (io.stdout.write(SIGN_HELP), EXIT_OK);
  const scheme = stringFlag(flags, 'scheme') ?? 'https';
  if (scheme !== 'https' && scheme !== 'http') throw new UsageError(`--scheme must be https or http, got ${JSON.stringify(scheme)}`);
  const raw = parseRawHttpRequest(await readStdin(io.stdin));
  const url = absoluteUrl(raw.url, raw.headers, scheme);
  // The body is written out whole, so a chunked framing is replaced by its length, and a body without
  // a length gets one (without it the printed request, sent as is, is refused); a given length is kept.
  const chunked = raw.headers.some(([n, v]) => n.toLowerCase() === 'transfer-encoding' && /chunked/i.test(v));
  const hasLength = raw.headers.some(([n]) => n.toLowerCase() === 'content-length');
  const kept = chunked ? raw.headers.filter(([n]) => n.toLowerCase() !== 'transfer-encoding') : raw.headers;
  const headers = chunked || (!hasLength && raw.body.length > 0) ? [...kept, ['content-length', String(raw.body.length)] as [string, string]] : raw.headers;
  const target = await targetFor(url, flags, io);
  const credentials = await credentialsFor(flags, io)();
  const signed = signRequest(
    { method: raw.method, url, headers, body: raw.body },
    { ...target, credentials, signingDate: io.clock ? io.clock() : new Date(), contentSha256Header: true },
  );
  if (flags['verbose'] === true) io.stderr.write(describeSigning(signed, credentials.accessKeyId));
  // The signed URL keeps the wire path as written; only the part after the authority goes in an origin-form line.
  const requestTarget = /^https?:\/\//i.test(raw.url) ? signed.url : signed.url.slice(signed.url.indexOf('/', signed.url.indexOf('//') + 2));
  const lines = [`${signed.method} ${requestTarget} HTTP/1.1`, ...Object.entries(signed.headers).map(([n, v]) => `${n}: ${v}`)];
  io.stdout.write(`${lines.join('\r\n')}\r\n\r\n`);
  if (raw.body.length > 0) io.stdout.write(raw.body);
  return EXIT_OK;
}
