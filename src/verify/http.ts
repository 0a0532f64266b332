/**
 * Protecting a Node `http` route with SigV4. No import from `node:http`, not even of types: the
 * request and response are described by the few members used, so the package type-checks in
 * projects without @types/node and the core stays browser-safe.
 */
import { isFailure } from './outcome.js';
import { prepareVerification } from './verifyRequest.js';
import { type ErrorFormat, formatVerifyError, type HttpFailure } from './errorBody.js';
import type { VerifyFailure, VerifyFailureCode, VerifyOptions, VerifySuccess } from './types.js';

/**
 * The members of Node's `net.Socket` used to close a connection after a refusal without losing the
 * answer: half-close, keep draining what the client still sends for a moment, then close.
 */
export interface NodeLikeSocket {
  end(): unknown;
  destroy(): unknown;
  destroySoon(): void;
  once(event: 'close' | 'end', listener: () => void): unknown;
}

/** The members of Node's `IncomingMessage` (also `http2`'s compatibility request) that are read. */
export interface NodeLikeRequest extends AsyncIterable<Uint8Array | string> {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  /** Names and values alternating, as received. */
  readonly rawHeaders: readonly string[];
  readonly headers: { readonly 'content-length'?: string | undefined; readonly 'transfer-encoding'?: string | undefined };
  readonly httpVersionMajor: number;
  /** HTTP/1: the connection, closed gently after a refusal answered before the body was read. */
  readonly socket?: NodeLikeSocket | null | undefined;
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
  /**
   * Called with errors of `getCredentials` or of the handler (the client gets a 500), and so also
   * when the client disconnects or times out while the body is read or the handler runs (the
   * error of the aborted read or write, e.g. `ECONNRESET` or `aborted`).
   */
  readonly onError?: ((error: unknown) => void) | undefined;
}

/** A verified request: who signed it, and the body that was read (and checked against the signature; an aws-chunked upload decoded). */
export interface VerifiedRequest {
  readonly identity: VerifySuccess;
  readonly body: Uint8Array;
}

/**
 * The outcome of {@link readVerifiedRequest}: the verified request, or the status and error to
 * answer. `bodyRead` is false when the refusal came before the body was read in full (the usual
 * case: authentication is checked first); the connection should then be closed after answering.
 */
export type HttpVerifyOutcome =
  | ({ readonly ok: true } & VerifiedRequest)
  | { readonly ok: false; readonly status: number; readonly failure: HttpFailure; readonly bodyRead: boolean };

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
 * Verifies the request and reads its body (bounded), in the order that costs an unauthenticated
 * client least: caps, host, authentication data, scope, date window and key lookup first, and when
 * the payload hash is declared (`x-amz-content-sha256`) the signature itself; the body is read only
 * after these pass, then checked against the signature. Does not answer: see {@link withSigV4}.
 * @throws whatever `getCredentials` throws.
 */
export async function readVerifiedRequest(req: NodeLikeRequest, options: SigV4HttpOptions): Promise<HttpVerifyOutcome> {
  const max = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  if (Number(req.headers['content-length'] ?? 0) > max) return { ok: false, status: 413, failure: tooLarge(max), bodyRead: false };
  const now = options.clock ? options.clock() : new Date();
  const prepared = await prepareVerification({ method: req.method ?? 'GET', url: req.url ?? '/', headers: headerPairs(req) }, { ...options, now });
  if (isFailure(prepared)) return refused(prepared, false);
  if (prepared.payloadDeclared) {
    const early = await prepared.finish(undefined);
    if (!early.valid) return refused(early, false);
  }
  const body = await readBody(req, max);
  if (body === undefined) return { ok: false, status: 413, failure: tooLarge(max), bodyRead: false };
  const result = await prepared.finish(body);
  // An aws-chunked upload was decoded and checked chunk by chunk: the handler gets the object's bytes.
  if (result.valid) return { ok: true, identity: result, body: result.decodedBody ?? body };
  return refused(result, true);
}

const refused = (failure: VerifyFailure, bodyRead: boolean): HttpVerifyOutcome => ({ ok: false, status: STATUS[failure.code] ?? 403, failure, bodyRead });

// S3's statuses for refused bodies; every authentication failure is 403.
const STATUS: Readonly<Partial<Record<VerifyFailureCode, number>>> = {
  XAmzContentSHA256Mismatch: 400,
  IncompleteBody: 400,
  BadDigest: 400,
  InvalidRequest: 400,
  MissingContentLength: 411,
  RequestHeaderSectionTooLarge: 400,
};

// How long a refused connection keeps draining what the client still sends before it is closed.
const LINGER_MS = 3000;

/**
 * Node ends a `connection: close` answer with `socket.destroySoon()`: FIN, then close() as soon as
 * it is written. With request bytes still unread in the kernel that close() sends RST, and the
 * client often loses the answer (EPIPE or ECONNRESET instead of the 403/413). So: FIN, keep reading
 * and discarding (Node dumps the unread body) until the client is done or LINGER_MS pass, then close.
 */
function lingerOnClose(socket: NodeLikeSocket): void {
  socket.destroySoon = () => {
    socket.end();
    const timer: unknown = setTimeout(() => socket.destroy(), LINGER_MS);
    (timer as { unref?: () => void }).unref?.();
    socket.once('end', () => socket.destroy());
    socket.once('close', () => clearTimeout(timer as Parameters<typeof clearTimeout>[0]));
  };
}

function mayHaveBody(req: NodeLikeRequest): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

function answer(res: NodeLikeResponse, status: number, failure: HttpFailure, options: SigV4HttpOptions, unreadBody?: NodeLikeRequest): void {
  const { contentType, body } = formatVerifyError(failure, options.errorFormat ?? 'xml', options.includeCanonicalRequest ?? true);
  res.statusCode = status;
  res.setHeader('content-type', contentType);
  res.setHeader('x-amzn-errortype', failure.code);
  // The body was not read: reading it would cost what authentication first saves, and keeping the
  // connection would let a trickling client hold it. Close it, gently (HTTP/2 forbids the header).
  if (unreadBody !== undefined && unreadBody.httpVersionMajor < 2 && mayHaveBody(unreadBody)) {
    res.setHeader('connection', 'close');
    if (unreadBody.socket) lingerOnClose(unreadBody.socket);
  }
  res.end(body);
}

const internal: HttpFailure = { valid: false, code: 'InternalFailure', message: 'We encountered an internal error. Please try again.' };

/**
 * Wraps a handler so it only runs for correctly signed requests; others get 403 (413 for a body
 * over `maxBodyBytes`) with an AWS-shaped error body. Authentication comes first (see
 * {@link readVerifiedRequest}): a refused request is answered before its body is read, and its
 * connection closed. Set `hosts` (the names this server answers for) before anything else.
 * @example
 * const keys = new Map([['AKIDEXAMPLE', { secretAccessKey: process.env.SECRET! }]]);
 * http.createServer(withSigV4({ getCredentials: (id) => keys.get(id), hosts: ['api.example.com'], services: ['execute-api'] },
 *   (req, res, { identity, body }) => res.end(`hello ${identity.accessKeyId}`))).listen(8080);
 */
export function withSigV4<Req extends NodeLikeRequest, Res extends NodeLikeResponse>(
  options: SigV4HttpOptions,
  handler: (req: Req, res: Res, verified: VerifiedRequest) => void | Promise<void>,
): (req: Req, res: Res) => Promise<void> {
  return async (req, res) => {
    try {
      const outcome = await readVerifiedRequest(req, options);
      if (!outcome.ok) return answer(res, outcome.status, outcome.failure, options, outcome.bodyRead ? undefined : req);
      await handler(req, res, { identity: outcome.identity, body: outcome.body });
    } catch (error) {
      options.onError?.(error);
      if (!res.headersSent) answer(res, 500, internal, { ...options, includeCanonicalRequest: false });
      else res.end();
    }
  };
}
