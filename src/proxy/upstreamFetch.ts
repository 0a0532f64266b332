/**
 * The proxy's own `fetch` on `node:http`/`node:https`: bytes pass unchanged (no decompression, no
 * added headers), connections are kept alive, and the request may go to another address than the
 * host it was signed for (`--sign-host`), with that host in its `Host` header.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import type { FetchLike } from '../credentials/provider.js';

/** A `fetch` for upstream requests, and a way to let go of its pooled connections. */
export interface UpstreamFetch {
  readonly fetch: FetchLike;
  /** Closes the pooled (idle) connections. */
  close(): void;
}

const NULL_BODY = new Set([101, 103, 204, 205, 304]);

function headerRecord(headers: RequestInit['headers']): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  if (headers === undefined || headers === null) return out;
  const entries: Iterable<[string, string]> =
    headers instanceof Headers || Array.isArray(headers) ? (headers as Iterable<[string, string]>) : Object.entries(headers as Record<string, string>);
  for (const [name, value] of entries) out[name.toLowerCase()] = value;
  return out;
}

function toResponse(res: IncomingMessage, method: string): Response {
  const headers = new Headers();
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
  const status = res.statusCode ?? 502;
  if (method === 'HEAD' || NULL_BODY.has(status)) {
    res.resume();
    return new Response(null, { status, statusText: res.statusMessage ?? '', headers });
  }
  const body = Readable.toWeb(res) as unknown as ReadableStream<Uint8Array>;
  return new Response(body, { status, statusText: res.statusMessage ?? '', headers });
}

/**
 * Creates the upstream `fetch`. `connectTo`, when given, is the origin every request is sent to,
 * whatever origin its URL names; the URL's host is then sent as `Host` (the host that was signed).
 */
export function createUpstreamFetch(connectTo?: URL): UpstreamFetch {
  const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
  const fetch: FetchLike = (url, init) =>
    new Promise<Response>((resolve, reject) => {
      const signed = new URL(url);
      const target = connectTo ?? signed;
      const secure = target.protocol === 'https:';
      const headers = headerRecord(init.headers);
      if (connectTo !== undefined) headers['host'] = signed.host;
      const method = init.method ?? 'GET';
      const body = init.body as Uint8Array | string | ReadableStream<Uint8Array> | null | undefined;
      if (typeof body === 'string' || body instanceof Uint8Array) headers['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.length);
      const req = (secure ? httpsRequest : httpRequest)({
        protocol: target.protocol,
        hostname: target.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: target.port || (secure ? 443 : 80),
        path: `${signed.pathname}${signed.search}`,
        method,
        headers,
        agent: secure ? agents.https : agents.http,
      });
      const signal = init.signal ?? undefined;
      const onAbort = (): void => void req.destroy(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      if (signal?.aborted) return onAbort(), reject(signal.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      req.once('error', (error) => (signal?.removeEventListener('abort', onAbort), reject(error)));
      req.once('response', (res) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(toResponse(res, method));
      });
      if (body === undefined || body === null) req.end();
      else if (typeof body === 'string' || body instanceof Uint8Array) req.end(body);
      else {
        const source = Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>);
        source.once('error', (error) => req.destroy(error));
        source.pipe(req);
      }
    });
  return {
    fetch,
    close: () => {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
