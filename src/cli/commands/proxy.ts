/** `sigv4 proxy`: a signing reverse proxy to AWS, or (`--verify`) SigV4 verification in front of any HTTP service. */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fromAssumeRole } from '../../credentials/sts/assumeRole.js';
import { InvalidRequestError } from '../../errors.js';
import { keysFromFile } from '../../proxy/keysFile.js';
import { DEFAULT_LISTEN, exposureWarning, type ListenAddress, parseListen } from '../../proxy/listen.js';
import { createSigningProxy, DEFAULT_MAX_BODY_BYTES, type ProxyHandler, type ProxyLogEntry } from '../../proxy/signingProxy.js';
import { createVerifyingProxy } from '../../proxy/verifyingProxy.js';
import { type Flags, parseCommand, stringFlag, UsageError } from '../args.js';
import { credentialsFor, runtimeOf, SIGNING_OPTIONS, stsRegionFor, targetFor } from '../common.js';
import { type CliIo, EXIT_OK } from '../io.js';

/** The text of `sigv4 proxy --help`. */
export const PROXY_HELP = `Usage: sigv4 proxy [--listen 127.0.0.1:8080] [--upstream https://HOST] [options]
       sigv4 proxy --verify --upstream http://127.0.0.1:3000 --keys FILE [options]

A reverse proxy that signs every request with AWS Signature Version 4 and forwards it, so any
HTTP client (Grafana, Prometheus remote-write, OpenSearch Dashboards, curl) can call AWS.
Credentials come from the standard chain (or --profile, --role-arn) and are refreshed while it runs.
Client Authorization and X-Amz-Date/-Security-Token/-Content-Sha256 headers, hop-by-hop headers,
Host and Content-Length are dropped before signing. Responses stream back unchanged.
With --verify it works the other way: requests must carry a valid SigV4 signature from a key in
FILE; valid ones are forwarded with X-Amz-Verified-Access-Key, others get AWS's 403 answer.

Options:
  --listen ADDR         HOST:PORT, [IPV6]:PORT, HOST or PORT. Default: 127.0.0.1:8080 (loopback only).
                        Any other address prints a warning: whoever reaches it uses your credentials.
  --upstream URL        Where requests go, e.g. https://aps-workspaces.us-east-1.amazonaws.com.
                        Default: the host in each request's Host header, over HTTPS, AWS hosts only.
  --allow-host HOST     Without --upstream: also forward to HOST (.example.com: any subdomain). Repeatable.
  --sign-host HOST      Sign for HOST (sent as Host) while connecting to --upstream (e.g. a VPC endpoint).
  --strip HEADER        Drop this client header before signing (repeatable).
  --role-arn ARN        Assume this role (with the chain's credentials) and sign with the role's.
  --unsigned-payload    Bodies over --max-body-bytes are sent as UNSIGNED-PAYLOAD instead of refused
                        (only for services that accept it; S3 streams large bodies anyway).
  --max-body-bytes N    Largest body hashed in memory. Larger ones: aws-chunked (S3), UNSIGNED-PAYLOAD
                        (--unsigned-payload), else 413. Default: ${DEFAULT_MAX_BODY_BYTES} (5 MiB).
  --health-path PATH    Answered 200 "ok" without calling AWS. Default: /health.
  --verify              Verify instead of sign: needs --upstream and --keys.
  --keys FILE           --verify: JSON {"ACCESS_KEY_ID": "SECRET", ...}, read again when it changes.
  --service NAME        Signing name. Default: from the host name. With --verify: accept only NAME.
  --region NAME         Default: from the host name, AWS_REGION, the profile. With --verify: accept only NAME.
  --profile NAME        Use this profile of ~/.aws/config and ~/.aws/credentials.
  -v, --verbose         One line per request on stderr (method, path, status, ms); on
                        SignatureDoesNotMatch, the explainer's diagnosis.
  -h, --help            Show this help.

Stops cleanly on SIGTERM or SIGINT.

Exit status: 0 stopped by a signal, 1 cannot start (port in use, no credentials source), 2 usage error.

Examples:
  sigv4 proxy --upstream https://aps-workspaces.us-east-1.amazonaws.com --listen 127.0.0.1:8005
  sigv4 proxy --upstream https://search-logs-abc123.eu-west-1.es.amazonaws.com --service es
  sigv4 proxy --verify --upstream http://127.0.0.1:3000 --keys keys.json --service execute-api --listen 8443
`;

const OPTIONS = {
  ...SIGNING_OPTIONS,
  listen: { type: 'string' },
  upstream: { type: 'string' },
  'allow-host': { type: 'string', multiple: true },
  'sign-host': { type: 'string' },
  strip: { type: 'string', multiple: true },
  'role-arn': { type: 'string' },
  'unsigned-payload': { type: 'boolean' },
  'max-body-bytes': { type: 'string' },
  'health-path': { type: 'string' },
  verify: { type: 'boolean' },
  keys: { type: 'string' },
} as const;

/** What `sigv4 proxy` touches besides the shared CLI io: how it is stopped and how it binds. */
export interface ProxyIo extends CliIo {
  /** Aborted to stop the proxy. Default: SIGTERM or SIGINT of this process. */
  readonly stop?: AbortSignal | undefined;
  /** Binds `server`. Default: `server.listen(port, host)`. */
  readonly listen?: ((server: Server, address: ListenAddress) => Promise<void>) | undefined;
}

const list = (flags: Flags, name: string): string[] => (flags[name] as string[] | undefined) ?? [];

function maxBodyBytes(flags: Flags): number | undefined {
  const value = stringFlag(flags, 'max-body-bytes');
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw new UsageError(`--max-body-bytes takes a number of bytes, got ${JSON.stringify(value)}`);
  return Number(value);
}

function logLine(io: CliIo): (entry: ProxyLogEntry) => void {
  return (e) => {
    io.stderr.write(`${e.method} ${e.path} ${e.status} ${e.ms.toFixed(1)}ms${e.note ? ` (${e.note})` : ''}\n`);
    if (e.diagnosis !== undefined) io.stderr.write(e.diagnosis.endsWith('\n') ? e.diagnosis : `${e.diagnosis}\n`);
  };
}

async function signingHandler(flags: Flags, io: CliIo): Promise<ProxyHandler> {
  const upstream = stringFlag(flags, 'upstream');
  if (upstream !== undefined && !URL.canParse(upstream)) throw new UsageError(`--upstream needs an absolute URL, got ${JSON.stringify(upstream)}`);
  // Service and region from the flags or the upstream's host name; the profile's region when that says none.
  const target = upstream === undefined ? undefined : await targetFor(`${new URL(upstream).protocol}//${stringFlag(flags, 'sign-host') ?? new URL(upstream).host}/`, flags, io);
  const roleArn = stringFlag(flags, 'role-arn');
  const source = credentialsFor(flags, io);
  const credentials = roleArn === undefined ? source : fromAssumeRole({ ...runtimeOf(io), roleArn, sourceCredentials: source, region: await stsRegionFor(flags, io) });
  return createSigningProxy({
    upstream,
    service: target?.service ?? stringFlag(flags, 'service'),
    region: target?.region ?? stringFlag(flags, 'region'),
    signHost: stringFlag(flags, 'sign-host'),
    strip: list(flags, 'strip'),
    allowHosts: list(flags, 'allow-host'),
    credentials,
    unsignedPayload: flags['unsigned-payload'] === true,
    maxBodyBytes: maxBodyBytes(flags),
    healthPath: stringFlag(flags, 'health-path'),
    fetch: io.fetch,
    clock: io.clock,
    env: io.env,
    onRequest: flags['verbose'] === true ? logLine(io) : undefined,
  });
}

function verifyingHandler(flags: Flags, io: CliIo): ProxyHandler {
  const upstream = stringFlag(flags, 'upstream');
  const keys = stringFlag(flags, 'keys');
  if (upstream === undefined || keys === undefined) throw new UsageError('--verify needs --upstream URL and --keys FILE (see sigv4 proxy --help)');
  for (const name of ['sign-host', 'role-arn', 'profile', 'unsigned-payload', 'allow-host', 'strip']) {
    if (flags[name] !== undefined) throw new UsageError(`--${name} is for signing, not --verify`);
  }
  const service = stringFlag(flags, 'service');
  const region = stringFlag(flags, 'region');
  return createVerifyingProxy({
    upstream,
    getCredentials: keysFromFile(keys, { readFile: io.readFile, warn: (m) => io.stderr.write(`warning: ${m}\n`) }),
    ...(service === undefined ? {} : { services: [service] }),
    ...(region === undefined ? {} : { regions: [region] }),
    ...(io.clock === undefined ? {} : { clock: io.clock }),
    maxBodyBytes: maxBodyBytes(flags),
    onError: (error) => io.stderr.write(`sigv4 proxy: ${String((error as { code?: unknown }).code ?? (error as Error).name)}\n`),
    onRequest: flags['verbose'] === true ? logLine(io) : undefined,
  });
}

const defaultListen = (server: Server, address: ListenAddress): Promise<void> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => (server.off('error', reject), resolve()));
  });

/** SIGTERM or SIGINT of this process, as an AbortSignal (listeners removed once it fires). */
function processSignals(): AbortSignal {
  const controller = new AbortController();
  const stop = (): void => {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
    controller.abort();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return controller.signal;
}

/**
 * Runs `sigv4 proxy` with the arguments after `proxy`; resolves with the exit status once stopped
 * (SIGTERM/SIGINT, or `io.stop`). Prints `listening on http://HOST:PORT` on stderr when ready.
 * @example
 * process.exitCode = await runProxy(['--upstream', 'https://sts.us-east-1.amazonaws.com', '-v'], io);
 */
export async function runProxy(argv: readonly string[], io: ProxyIo): Promise<number> {
  const { flags } = parseCommand('proxy', argv, OPTIONS, 0);
  if (flags['help'] === true) return (io.stdout.write(PROXY_HELP), EXIT_OK);
  let address: ListenAddress;
  try {
    address = parseListen(stringFlag(flags, 'listen') ?? `${DEFAULT_LISTEN.host}:${DEFAULT_LISTEN.port}`);
  } catch (error) {
    throw new UsageError(error instanceof InvalidRequestError ? error.message : String(error));
  }
  const handler = flags['verify'] === true ? verifyingHandler(flags, io) : await signingHandler(flags, io);
  // Answers not yet started when the proxy stops say `Connection: close`, so clients do not keep the exit waiting.
  const open = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    open.add(res);
    res.once('close', () => open.delete(res));
    void handler(req, res);
  });
  const warning = exposureWarning(address.host);
  if (warning !== undefined) io.stderr.write(`warning: ${warning}\n`);
  await (io.listen ?? defaultListen)(server, address);
  const bound = server.address() as AddressInfo;
  const shown = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
  io.stderr.write(`sigv4 proxy: ${flags['verify'] === true ? 'verifying' : 'signing'}, listening on http://${shown}:${bound.port}\n`);
  const stop = io.stop ?? processSignals();
  await new Promise<void>((resolve) => (stop.aborted ? resolve() : stop.addEventListener('abort', () => resolve(), { once: true })));
  // Stop accepting, let requests in flight finish, drop idle keep-alive connections.
  for (const res of open) if (!res.headersSent) res.setHeader('connection', 'close');
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  // A client that keeps a connection open after its last answer does not hold the exit up for long.
  const backstop = setTimeout(() => server.closeAllConnections(), 10_000).unref();
  await closed;
  clearTimeout(backstop);
  handler.close();
  io.stderr.write('sigv4 proxy: stopped\n');
  return EXIT_OK;
}
