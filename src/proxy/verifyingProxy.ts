/** createVerifyingProxy: SigV4 in front of any HTTP service; only correctly signed requests reach it. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { InvalidRequestError } from '../errors.js';
import { type SigV4HttpOptions, withSigV4 } from '../verify/http.js';
import { headersToForward, pairsOf, VERIFIED_KEY_HEADER } from './headers.js';
import { sendResponse, sendText } from './respond.js';
import type { ProxyHandler, ProxyLogEntry } from './signingProxy.js';
import { createUpstreamFetch } from './upstreamFetch.js';

/** Options of {@link createVerifyingProxy}: the verifier's (keys, services, regions, skew, body limit) and the upstream. */
export interface VerifyingProxyOptions extends SigV4HttpOptions {
  /** The protected service, e.g. `http://127.0.0.1:3000` (a path is prefixed to the request's). */
  readonly upstream: string | URL;
  /** Called once per request, after the response headers are sent. */
  readonly onRequest?: ((entry: ProxyLogEntry) => void) | undefined;
}

/**
 * Returns a `node:http` handler that verifies each request's SigV4 signature (see {@link withSigV4})
 * and forwards only valid ones to `upstream`, with `X-Amz-Verified-Access-Key` set to the signer's
 * access key id (one the client sent is dropped). Invalid requests get AWS's 403 body and never
 * reach the upstream. An aws-chunked upload is forwarded decoded.
 * @example
 * import http from 'node:http';
 * import { createVerifyingProxy, keysFromFile } from 'sigv4-kit/node';
 * const proxy = createVerifyingProxy({ upstream: 'http://127.0.0.1:3000', getCredentials: keysFromFile('keys.json'), services: ['execute-api'] });
 * http.createServer(proxy).listen(8443, '127.0.0.1');
 * @throws {InvalidRequestError} `INVALID_URL` for an upstream that is not an http(s) origin.
 */
export function createVerifyingProxy(options: VerifyingProxyOptions): ProxyHandler {
  const upstream = typeof options.upstream === 'string' && URL.canParse(options.upstream) ? new URL(options.upstream) : options.upstream;
  if (!(upstream instanceof URL) || !/^https?:$/.test(upstream.protocol) || upstream.search !== '' || upstream.username !== '') {
    throw new InvalidRequestError('INVALID_URL', `upstream must be an http(s) origin, e.g. http://127.0.0.1:3000, got ${JSON.stringify(String(options.upstream))}`);
  }
  const origin = `${upstream.origin}${upstream.pathname.replace(/\/$/, '')}`;
  const own = createUpstreamFetch();
  const verified = withSigV4<IncomingMessage, ServerResponse>(options, async (req, res, { identity, body }) => {
    let headers = headersToForward(pairsOf(req.rawHeaders));
    if (identity.decodedBody !== undefined) {
      // The upstream gets the object's bytes, not the aws-chunked frames.
      headers = headers
        .filter(([n]) => n !== 'x-amz-decoded-content-length' && n !== 'x-amz-trailer')
        .map(([n, v]): [string, string] => [n, n === 'content-encoding' ? v.split(',').map((c) => c.trim()).filter((c) => c.toLowerCase() !== 'aws-chunked').join(',') : v])
        .filter(([n, v]) => n !== 'content-encoding' || v !== '');
    }
    headers.push([VERIFIED_KEY_HEADER, identity.accessKeyId]);
    const path = req.url?.startsWith('/') ? req.url : '/';
    const method = req.method ?? 'GET';
    let response: Response;
    try {
      response = await own.fetch(`${origin}${path}`, { method, headers, ...(body.length > 0 || !['GET', 'HEAD'].includes(method) ? { body: body as BodyInit } : {}) });
    } catch (error) {
      return sendText(res, 502, `sigv4 proxy: upstream unreachable (${String((error as { code?: unknown }).code ?? 'error')})`);
    }
    await sendResponse(res, response, false);
  });
  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    await verified(req, res);
    const failed = res.statusCode === 403 || res.statusCode === 400 || res.statusCode === 413;
    options.onRequest?.({
      method: req.method ?? 'GET',
      path: (req.url ?? '/').split('?')[0]!,
      status: res.statusCode,
      ms: performance.now() - started,
      ...(failed ? { note: `refused: ${String(res.getHeader('x-amzn-errortype') ?? 'error')}` } : {}),
    });
  };
  return Object.assign(handler, { close: () => own.close() });
}
