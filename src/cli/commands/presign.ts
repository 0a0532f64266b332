/** `sigv4 presign`: a URL that carries its own signature. */
import { presignUrl } from '../../sigv4/presign.js';
import { parseCommand, parseHeaderFlags, stringFlag, UsageError } from '../args.js';
import { credentialsFor, describeSigning, SIGNING_HELP, SIGNING_OPTIONS, targetFor } from '../common.js';
import { type CliIo, EXIT_OK } from '../io.js';

/** The text of `sigv4 presign --help`. */
export const PRESIGN_HELP = `Usage: sigv4 presign URL [--expires SECONDS] [-X METHOD] [-H 'Name: value']... [options]

Prints URL presigned with AWS Signature Version 4 (query authentication): anyone holding it can
make that one request until it expires, without credentials. S3 signs UNSIGNED-PAYLOAD.

Options:
  --expires SECONDS     Lifetime, 1 to 604800 (7 days). Default: 900.
  -X, --request METHOD  The method the URL is for. Default: GET.
  -H, --header LINE     A header the request must carry (signed; repeatable).
${SIGNING_HELP}

Headers other than host that must travel with the URL are listed on stderr. A warning is printed
when the credentials expire before the URL does (the URL stops working with them).

Exit status: 0 success, 1 credentials error, 2 usage error.

Example:
  sigv4 presign https://my-bucket.s3.us-east-1.amazonaws.com/report.csv --expires 3600
`;

const OPTIONS = {
  ...SIGNING_OPTIONS,
  expires: { type: 'string' },
  request: { type: 'string', short: 'X' },
  header: { type: 'string', short: 'H', multiple: true },
} as const;

/**
 * Runs `sigv4 presign` with the arguments after `presign`; resolves with the exit status.
 * @example
 * await runPresign(['https://my-bucket.s3.us-east-1.amazonaws.com/a.txt', '--expires', '60'], io);
 */
export async function runPresign(argv: readonly string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseCommand('presign', argv, OPTIONS, 1);
  if (flags['help'] === true) return (io.stdout.write(PRESIGN_HELP), EXIT_OK);
  const url = positionals[0];
  if (url === undefined) throw new UsageError('missing URL (see sigv4 presign --help)');
  if (!URL.canParse(url)) throw new UsageError(`not an absolute URL: ${JSON.stringify(url)}`);
  const expires = stringFlag(flags, 'expires') ?? '900';
  if (!/^\d+$/.test(expires)) throw new UsageError(`--expires must be a whole number of seconds, got ${JSON.stringify(expires)}`);
  const target = await targetFor(url, flags, io);
  const credentials = await credentialsFor(flags, io)();
  const signingDate = io.clock ? io.clock() : new Date();
  // What fetch would send for this URL (WHATWG form: spaces and non-ASCII percent-encoded).
  const request = { method: stringFlag(flags, 'request') ?? 'GET', url: new URL(url).href, headers: parseHeaderFlags((flags['header'] as string[] | undefined) ?? []) };
  const presigned = presignUrl(request, { ...target, credentials, signingDate, expiresIn: Number(expires) });
  if (flags['verbose'] === true) io.stderr.write(describeSigning(presigned, credentials.accessKeyId));
  const extra = Object.entries(presigned.headers).filter(([name]) => name !== 'host');
  if (extra.length > 0) io.stderr.write(`send with these headers:\n${extra.map(([n, v]) => `  ${n}: ${v}\n`).join('')}`);
  if (credentials.expiration !== undefined && credentials.expiration < presigned.expiresAt) {
    io.stderr.write(`warning: the credentials expire at ${credentials.expiration.toISOString()}, before the URL (${presigned.expiresAt.toISOString()}); it stops working then\n`);
  }
  io.stdout.write(`${presigned.url}\n`);
  return EXIT_OK;
}
