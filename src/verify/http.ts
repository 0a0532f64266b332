/**
 * Protecting a Node `http` route with SigV4. No import from `node:http`, not even of types: the
 * request and response are described by the few members used, so the package type-checks in
 * projects without @types/node and the core stays browser-safe.
 */
import { verifyRequest } from './verifyRequest.js';
import { type ErrorFormat, formatVerifyError, type HttpFailure } from './errorBody.js';
import type { VerifyFailureCode, VerifyOptions, VerifySuccess } from './types.js';

/** The members of Node's `IncomingMessage` (also `http2`'s compatibility request) that are read. */
export interface NodeLikeRequest extends AsyncIterable<Uint8Array | string> {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  /** Names and values alternating, as received. */
  readonly rawHeaders: readonly string[];
  readonly headers: { readonly 'content-length'?: string | undefined };
  readonly httpVersionMajor: number;
}

/** The members of Node's `ServerResponse` that are used. */
export interface NodeLikeResponse {
  statusCode: number;
  readonly headersSent: boolean;
  setHeader(name: string, value: string): unknown;
  end(body?: string): unknown;
}

/** Options of {@link withSigV4} and {@link readVerifiedRequest}. */
export interface SigV4HttpOptions extends Omit<VerifyOptions, 'now'> {
  /** Read per request. Default: `() => new Date()`. */
  readonly clock?: (() => Date) | undefined;
  /** Largest body read into memory; larger requests get 413. Default 10 MiB. */
  readonly maxBodyBytes?: number | undefined;
  /** Error body format: S3-style XML (default) or the JSON services' `{"__type","message"}`. */
  readonly errorFormat?: ErrorFormat | undefined;
  /** Put the canonical request and string to sign in SignatureDoesNotMatch answers, as AWS does. Default true. */
  readonly includeCanonicalRequest?: boolean | undefined;
  /** Called with errors of `getCredentials` or of the handler (the client gets a 500). */
  readonly onError?: ((error: unknown) => void) | undefined;
}

/** A verified request: who signed it, and the body that was read (and checked against the signature; an aws-chunked upload decoded). */
export interface VerifiedRequest {
  readonly identity: VerifySuccess;
  readonly body: Uint8Array;
}

/** The outcome of {@link readVerifiedRequest}: the verified request, or the status and error to answer. */
export type HttpVerifyOutcome =
  | ({ readonly ok: true } & VerifiedRequest)
  | { readonly ok: false; readonly status: number; readonly failure: HttpFailure };

const DEFAULT_MAX_BODY = 10 * 1024 * 1024;
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Node hands header values over as latin1 (one char per byte). Bytes that are UTF-8 are turned back
 * into the text the client signed, when that text stays within what a header can carry.
 */
function wireValue(value: string): string {
  if (!/[\x80-\xff]/.test(value)) return value;
  try {
    const text = decoder.decode(Uint8Array.from(value, (c) => c.charCodeAt(0)));
    return /[^\x00-\xff]/.test(text) ? value : text;
  } catch {
    return value;
  }
}

function headerPairs(req: NodeLikeRequest): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  let authority: string | undefined;
  // rawHeaders keeps repeated headers apart; req.headers would join them with ", " instead of ",".
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    // HTTP/2 (node:http2 compatibility API): pseudo-headers; ':authority' stands for Host.
    if (name === ':authority') authority = req.rawHeaders[i + 1];
    else if (!name.startsWith(':')) pairs.push([name, wireValue(req.rawHeaders[i + 1]!)]);
  }
  if (authority !== undefined && !pairs.some(([n]) => n.toLowerCase() === 'host')) pairs.push(['host', authority]);
  return pairs;
}

const tooLarge = (max: number): HttpFailure => ({ valid: false, code: 'EntityTooLarge', message: `Your proposed upload exceeds the maximum allowed size of ${max} bytes` });

async function readBody(req: NodeLikeRequest, max: number): Promise<Uint8Array | undefined> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > max) return undefined;
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of req) {
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
    size += bytes.length;
    if (size > max) return undefined;
    chunks.push(bytes);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) body.set(c, (at += c.length) - c.length);
  return body;
}

/**
 * Reads the body (bounded) and verifies the request. Does not answer: see {@link withSigV4} for that.
 * @throws whatever `getCredentials` throws.
 */
export async function readVerifiedRequest(req: NodeLikeRequest, options: SigV4HttpOptions): Promise<HttpVerifyOutcome> {
  const max = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const body = await readBody(req, max);
  if (body === undefined) return { ok: false, status: 413, failure: tooLarge(max) };
  const now = options.clock ? options.clock() : new Date();
  const result = await verifyRequest({ method: req.method ?? 'GET', url: req.url ?? '/', headers: headerPairs(req), body }, { ...options, now });
  // An aws-chunked upload was decoded and checked chunk by chunk: the handler gets the object's bytes.
  if (result.valid) return { ok: true, identity: result, body: result.decodedBody ?? body };
  return { ok: false, status: STATUS[result.code] ?? 403, failure: result };
}

// S3's statuses for refused bodies; every authentication failure is 403.
const STATUS: Readonly<Partial<Record<VerifyFailureCode, number>>> = {
  XAmzContentSHA256Mismatch: 400,
  IncompleteBody: 400,
  BadDigest: 400,
  InvalidRequest: 400,
  MissingContentLength: 411,
  RequestHeaderSectionTooLarge: 400,
};

function answer(res: NodeLikeResponse, status: number, failure: HttpFailure, options: SigV4HttpOptions, http1 = true): void {
  const { contentType, body } = formatVerifyError(failure, options.errorFormat ?? 'xml', options.includeCanonicalRequest ?? true);
  res.statusCode = status;
  res.setHeader('content-type', contentType);
  res.setHeader('x-amzn-errortype', failure.code);
  // A refused request's unread body would otherwise keep the connection busy (HTTP/2 forbids the header).
  if (status === 413 && http1) res.setHeader('connection', 'close');
  res.end(body);
}

const internal: HttpFailure = { valid: false, code: 'InternalFailure', message: 'We encountered an internal error. Please try again.' };

/**
 * Wraps a handler so it only runs for correctly signed requests; others get 403 (413 for a body
 * over `maxBodyBytes`) with an AWS-shaped error body.
 * @example
 * const keys = new Map([['AKIDEXAMPLE', { secretAccessKey: process.env.SECRET! }]]);
 * http.createServer(withSigV4({ getCredentials: (id) => keys.get(id), services: ['execute-api'] },
 *   (req, res, { identity, body }) => res.end(`hello ${identity.accessKeyId}`))).listen(8080);
 */
export function withSigV4<Req extends NodeLikeRequest, Res extends NodeLikeResponse>(
  options: SigV4HttpOptions,
  handler: (req: Req, res: Res, verified: VerifiedRequest) => void | Promise<void>,
): (req: Req, res: Res) => Promise<void> {
  return async (req, res) => {
    try {
      const outcome = await readVerifiedRequest(req, options);
      if (!outcome.ok) return answer(res, outcome.status, outcome.failure, options, req.httpVersionMajor < 2);
      await handler(req, res, { identity: outcome.identity, body: outcome.body });
    } catch (error) {
      options.onError?.(error);
      if (!res.headersSent) answer(res, 500, internal, { ...options, includeCanonicalRequest: false });
      else res.end();
    }
  };
}
