/** createSigningProxy: a `node:http` handler that signs each request with SigV4 and forwards it. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { fromDefaultChain } from '../credentials/defaultChain.js';
import type { FetchLike } from '../credentials/provider.js';
import { CredentialsError, InvalidRequestError, ProviderError, SigV4Error } from '../errors.js';
import { explainSignatureMismatch } from '../explain/explain.js';
import { hintsFromHost } from '../fetch/endpoint.js';
import { createSignedFetch, type SignedFetchOptions, type SignedRequestInit } from '../fetch/fetch.js';
import type { RetryOptions } from '../fetch/retry.js';
import { resolveTarget } from '../fetch/target.js';
import { isS3Service } from '../sigv4/rules.js';
import { UNSIGNED_PAYLOAD } from '../sigv4/payloadHash.js';
import type { SignedRequest } from '../sigv4/types.js';
import { type IncomingBody, readIncomingBody } from './body.js';
import { headersToSign, pairsOf, wasDecoded } from './headers.js';
import { sendResponse, sendText } from './respond.js';
import { createUpstreamFetch } from './upstreamFetch.js';

/** Default {@link SigningProxyOptions.maxBodyBytes}: 5 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

/** One proxied request, for logs (`sigv4 proxy -v`). Never holds a secret. */
export interface ProxyLogEntry {
  readonly method: string;
  /** The path, without the query string (which may carry anything). */
  readonly path: string;
  /** The status the client got. */
  readonly status: number;
  /** Milliseconds from the request to the response headers. */
  readonly ms: number;
  /** Why the proxy answered itself (refused, upstream unreachable, no credentials). */
  readonly note?: string | undefined;
  /** On `SignatureDoesNotMatch`: the explainer's diagnosis (canonical request diff, likely causes), token redacted. */
  readonly diagnosis?: string | undefined;
}

/**
 * Options of {@link createSigningProxy}. Every one is optional. `credentials` (default: the standard
 * chain, refreshed before expiry), `clock` (the learned skew is added to it) and `env` are those of
 * {@link createSignedFetch}.
 */
export interface SigningProxyOptions extends Pick<SignedFetchOptions, 'credentials' | 'clock' | 'env'> {
  /**
   * Where every request goes, e.g. `https://aps-workspaces.us-east-1.amazonaws.com` (a path is
   * prefixed to the request's). Default: the host the request's `Host` header names, over HTTPS, if
   * it is an AWS endpoint or in {@link allowHosts}.
   */
  readonly upstream?: string | URL | undefined;
  /** Signing name. Default: from the upstream host name. */
  readonly service?: string | undefined;
  /** Default: from the upstream host name, else `AWS_REGION`, `AWS_DEFAULT_REGION`. */
  readonly region?: string | undefined;
  /** Sign for this host (sent as `Host`) while connecting to {@link upstream}, e.g. a VPC endpoint. Needs `upstream`. */
  readonly signHost?: string | undefined;
  /** Client headers to drop before signing (besides hop-by-hop and signing headers, always dropped). */
  readonly strip?: readonly string[] | undefined;
  /** Without `upstream`: hosts besides AWS endpoints the proxy forwards to (exact, or `.example.com` for subdomains). */
  readonly allowHosts?: readonly string[] | undefined;
  /** Send bodies larger than {@link maxBodyBytes} as `UNSIGNED-PAYLOAD` (for services that accept it). S3 streams without it too. */
  readonly unsignedPayload?: boolean | undefined;
  /**
   * Largest body hashed in memory. A larger one (or one of unknown length that grows larger) is
   * streamed: aws-chunked for S3, `UNSIGNED-PAYLOAD` with {@link unsignedPayload}, else refused
   * with 413. Default 5 MiB.
   */
  readonly maxBodyBytes?: number | undefined;
  /** Answered 200 without touching AWS (GET or HEAD). Default `/health`; `false` turns it off. */
  readonly healthPath?: string | false | undefined;
  /**
   * Sends upstream requests. Default: the proxy's own `node:http` client (bytes unchanged, keep-alive).
   * A `fetch` that decodes gzip/deflate/br bodies, as `globalThis.fetch` does, is handled: those answers
   * are forwarded without `content-encoding`/`content-length`.
   */
  readonly fetch?: FetchLike | undefined;
  /** Retries of throttling and 5xx for idempotent, buffered requests. Default `false`: the client decides. */
  readonly retry?: RetryOptions | false | undefined;
  /** Called once per request, after the response headers are sent. */
  readonly onRequest?: ((entry: ProxyLogEntry) => void) | undefined;
}

/** A `node:http` request handler, with `close()` for the pooled upstream connections. */
export interface ProxyHandler {
  (req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Closes idle upstream connections (call after `server.close()`). */
  close(): void;
}

const AWS_SUFFIXES = ['.amazonaws.com', '.amazonaws.com.cn', '.api.aws', '.on.aws'];

function hostAllowed(hostname: string, allow: readonly string[]): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  if (hintsFromHost(h).service !== undefined || AWS_SUFFIXES.some((s) => h.endsWith(s))) return true;
  return allow.some((a) => {
    const rule = a.toLowerCase();
    return rule.startsWith('.') ? h.endsWith(rule) : h === rule;
  });
}

/** A refusal the proxy answers itself. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function checkUpstream(upstream: string | URL): URL {
  const url = typeof upstream === 'string' ? (URL.canParse(upstream) ? new URL(upstream) : undefined) : upstream;
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new InvalidRequestError('INVALID_URL', `upstream must be an http(s) origin with an optional path, e.g. https://es.example.com, got ${JSON.stringify(String(upstream))}`);
  }
  return url;
}

/**
 * Returns a `node:http` handler that signs each request with SigV4 and forwards it: a signing
 * reverse proxy, so any HTTP client (Grafana, Prometheus remote-write, OpenSearch Dashboards,
 * `curl`) can talk to AWS. Client `Authorization`, `X-Amz-Date`, `X-Amz-Security-Token`,
 * `X-Amz-Content-Sha256`, hop-by-hop headers, `Host` and `Content-Length` are dropped before
 * signing; the response is streamed back unchanged; redirects are returned, never followed, so
 * the session token only goes to the signed host. Bind it to loopback: anyone who reaches it
 * acts with these credentials.
 * @example
 * import http from 'node:http';
 * import { createSigningProxy } from 'sigv4-kit/node';
 * const proxy = createSigningProxy({ upstream: 'https://aps-workspaces.us-east-1.amazonaws.com' });
 * http.createServer(proxy).listen(8080, '127.0.0.1');
 * @throws {InvalidRequestError} `INVALID_URL` for a bad `upstream`, `INVALID_OPTION` for `signHost`
 *   without `upstream` or a bad `maxBodyBytes`, `INVALID_SERVICE`/`INVALID_REGION` when the upstream's
 *   service or region cannot be told.
 */
export function createSigningProxy(options: SigningProxyOptions = {}): ProxyHandler {
  const env = options.env ?? process.env;
  const upstream = options.upstream === undefined ? undefined : checkUpstream(options.upstream);
  const max = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(max) || max < 0) throw new InvalidRequestError('INVALID_OPTION', `maxBodyBytes must be a whole number of bytes, got ${String(max)}`);
  if (options.signHost !== undefined && upstream === undefined) throw new InvalidRequestError('INVALID_OPTION', 'signHost needs upstream: the address to connect to');
  const signingOrigin = upstream === undefined ? undefined : `${upstream.protocol}//${options.signHost ?? upstream.host}`;
  const basePath = upstream === undefined ? '' : upstream.pathname.replace(/\/$/, '');
  // Fail at start, not on every request, when the upstream says neither service nor region.
  if (signingOrigin !== undefined) resolveTarget(signingOrigin, options, env);
  const own = options.fetch === undefined ? createUpstreamFetch(options.signHost === undefined ? undefined : upstream) : undefined;
  const decodes = options.fetch !== undefined;
  // Which signature each upstream request carried (for -v's diagnosis), keyed by the request's own
  // abort signal. createSignedFetch calls onSigned and then, synchronously, its fetch with that
  // attempt's init (signal included): the last signature seen is the one being sent. (An
  // AsyncLocalStorage would do it too, but on Node 20 it turns on promise hooks for the whole process.)
  const signedFor = new WeakMap<AbortSignal, SignedRequest>();
  let lastSigned: SignedRequest | undefined;
  const upstreamFetch: FetchLike = options.fetch ?? own!.fetch;
  const send = createSignedFetch({
    service: options.service,
    region: options.region,
    credentials: options.credentials ?? fromDefaultChain({ env }),
    fetch: (url, init) => {
      if (init.signal && lastSigned) signedFor.set(init.signal, lastSigned);
      lastSigned = undefined;
      return upstreamFetch(url, init);
    },
    clock: options.clock,
    env,
    retry: options.retry ?? false,
    s3Streaming: options.unsignedPayload === true ? 'unsigned' : 'chunked',
    onSigned: (signed) => {
      lastSigned = signed;
    },
  });
  const healthPath = options.healthPath ?? '/health';
  const strip = options.strip ?? [];
  const allow = options.allowHosts ?? [];

  /** The URL to sign, from the upstream or the request's Host (or absolute-form target). */
  function signingUrl(req: IncomingMessage): URL {
    const raw = req.url ?? '/';
    const absolute = /^https?:\/\//i.test(raw) ? (URL.canParse(raw) ? new URL(raw) : undefined) : undefined;
    if (absolute === undefined && !raw.startsWith('/')) throw new Refusal(400, `bad request target ${JSON.stringify(raw.slice(0, 100))}`);
    const pathAndQuery = absolute ? `${absolute.pathname}${absolute.search}` : raw;
    if (signingOrigin !== undefined) return new URL(`${signingOrigin}${basePath}${pathAndQuery}`);
    const host = absolute?.host ?? req.headers.host;
    if (host === undefined || host === '') throw new Refusal(400, 'no Host header: name the AWS endpoint in Host, or start the proxy with an upstream');
    const url = URL.canParse(`https://${host}`) ? new URL(`https://${host}${pathAndQuery}`) : undefined;
    if (url === undefined) throw new Refusal(400, `bad Host header ${JSON.stringify(host.slice(0, 100))}`);
    if (!hostAllowed(url.hostname, allow)) {
      throw new Refusal(403, `${url.hostname} is not an AWS endpoint: the proxy signs only for AWS hosts unless allowed (--allow-host ${url.hostname})`);
    }
    return url;
  }

  async function forward(req: IncomingMessage, res: ServerResponse, started: number): Promise<ProxyLogEntry> {
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0]!;
    const entry = (status: number, extra: Partial<ProxyLogEntry> = {}): ProxyLogEntry => ({ method, path, status, ms: performance.now() - started, ...extra });
    if (healthPath !== false && path === healthPath && (method === 'GET' || method === 'HEAD')) {
      sendText(res, 200, 'ok');
      return entry(200);
    }
    if (method === 'CONNECT') throw new Refusal(405, 'CONNECT is not supported: this is a reverse proxy; send plain HTTP requests to it');
    const url = signingUrl(req);
    const service = resolveTarget(url, options, env).service;
    if (/aws-chunked/i.test(req.headers['content-encoding'] ?? '')) {
      throw new Refusal(400, 'the body is already aws-chunked (signed by the client): send the plain body, the proxy signs it');
    }
    const declared = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
    const body = await readIncomingBody(req, declared, max, declared !== undefined || req.headers['transfer-encoding'] !== undefined || req.httpVersionMajor >= 2);
    const headers = headersToSign(pairsOf(req.rawHeaders), strip);
    const init = requestInit(method, headers, body, service, res);
    const abort = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    const response = await send(url, { ...init, signal: abort.signal });
    const diagnosis = options.onRequest !== undefined && response.status === 403 ? await diagnose(response, signedFor.get(abort.signal)) : undefined;
    const decoded = decodes && wasDecoded(method, response.status, response.headers.get('content-encoding'));
    const done = sendResponse(res, response, decoded);
    const logged = entry(response.status, diagnosis === undefined ? {} : { diagnosis });
    await done;
    return logged;
  }

  function requestInit(method: string, headers: Array<[string, string]>, body: IncomingBody, service: string, res: ServerResponse): SignedRequestInit {
    if (body.kind === 'none') return { method, headers };
    if (body.kind === 'bytes') return { method, headers, body: body.bytes as Uint8Array<ArrayBuffer> };
    const s3 = isS3Service(service);
    if (!s3 && options.unsignedPayload !== true) {
      // The rest of the body is left unread (cancelling would destroy the socket before the 413 is
      // sent); the answer closes the connection.
      res.shouldKeepAlive = false;
      const size = body.length === undefined ? 'of unknown length and over' : `of ${body.length} bytes is over`;
      throw new Refusal(
        413,
        `the request body ${size} the limit of ${max} bytes: ${service} needs the body's SHA-256 in the signature, so the proxy must hold the whole body; raise --max-body-bytes, or pass --unsigned-payload if ${service} accepts UNSIGNED-PAYLOAD`,
      );
    }
    if (s3 && options.unsignedPayload !== true && body.length !== undefined) {
      // aws-chunked: the signed fetch frames and signs the stream chunk by chunk (64 KiB at a time).
      headers.push(['x-amz-decoded-content-length', String(body.length)]);
    } else if (body.length !== undefined) headers.push(['content-length', String(body.length)]);
    return { method, headers, body: body.stream, ...(s3 ? {} : { payloadHash: UNSIGNED_PAYLOAD }) };
  }

  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    let logged: ProxyLogEntry;
    try {
      logged = await forward(req, res, started);
    } catch (error) {
      const [status, note] = failure(error);
      sendText(res, status, `sigv4 proxy: ${note}`, status === 413 || status === 400);
      logged = { method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0]!, status, ms: performance.now() - started, note };
    }
    options.onRequest?.(logged);
  };
  return Object.assign(handler, { close: () => own?.close() });
}

/** The proxy's own status and one line for a failure; our errors carry no secret, foreign ones are reduced to their code. */
function failure(error: unknown): [number, string] {
  if (error instanceof Refusal) return [error.status, error.message];
  if (error instanceof InvalidRequestError) return [400, `${error.code}: ${error.message}`];
  if (error instanceof CredentialsError || error instanceof ProviderError) return [503, `no usable credentials: ${error.code}: ${error.message}`];
  if (error instanceof SigV4Error) return [502, `${error.code}: ${error.message}`];
  const e = error as { name?: unknown; code?: unknown; cause?: { code?: unknown } };
  if (e.name === 'AbortError') return [499, 'the client went away'];
  return [502, `upstream unreachable (${String(e.code ?? e.cause?.code ?? e.name ?? 'error')})`];
}

/** The explainer's diagnosis of a SignatureDoesNotMatch answer (read from a clone; the client still gets the body). */
async function diagnose(response: Response, signed: SignedRequest | undefined): Promise<string | undefined> {
  if (signed === undefined) return undefined;
  const text = await response.clone().text();
  if (!text.includes('SignatureDoesNotMatch')) return undefined;
  return explainSignatureMismatch(text, signed).text;
}
