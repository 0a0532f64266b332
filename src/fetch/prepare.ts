/**
 * The fetch wrapper's input boundary: any `fetch(input, init)` call read into one replayable shape,
 * as the platform's `Request` would read it (so the bytes, URL and default Content-Type we sign are
 * the ones `fetch` sends), without consuming or changing the caller's `Request`.
 */
import { InvalidRequestError, type InvalidRequestCode } from '../errors.js';
import { formEncode } from '../credentials/sts/sts.js';
import { parseHeaders } from '../sigv4/request.js';
import type { HeadersInput } from '../sigv4/types.js';

/** `RequestInit` plus the per-request signing inputs of the fetch wrapper. */
export interface SignedRequestInit extends RequestInit {
  /**
   * The payload hash to sign instead of hashing the body: 64 lowercase hex characters (a SHA-256 you
   * computed while producing a stream) or `UNSIGNED-PAYLOAD`. Same as sending `x-amz-content-sha256`.
   */
  readonly payloadHash?: string | undefined;
  /** Node's fetch needs this for a streamed body; the wrapper sets it itself. */
  readonly duplex?: 'half' | undefined;
}

/** A request ready to sign: bytes in memory (replayable), or a stream (sent once). */
export interface PreparedRequest {
  readonly method: string;
  /** What the signer reads: the URL object as given, else the URL as `fetch` will send it. */
  readonly url: string | URL;
  /** Lowercase names; includes the Content-Type `fetch` would have added. */
  readonly headers: Array<[string, string]>;
  readonly body: Uint8Array | undefined;
  readonly stream: ReadableStream<Uint8Array> | undefined;
  /** Everything else to pass on to `fetch` (signal, redirect, keepalive, ...). */
  readonly init: RequestInit;
}

const FORM_TYPE = 'application/x-www-form-urlencoded;charset=UTF-8';
const OWN_FIELDS = new Set(['method', 'headers', 'body', 'duplex', 'payloadHash', 'redirect', 'signal']);

/** A body `fetch` can only stream: a ReadableStream or an async iterable (Node streams are). */
export function isStreamBody(body: unknown): boolean {
  if (body === null || typeof body !== 'object') return false;
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body) || body instanceof URLSearchParams || body instanceof Blob) return false;
  if (typeof FormData !== 'undefined' && body instanceof FormData) return false;
  return typeof (body as ReadableStream).getReader === 'function' || Symbol.asyncIterator in body;
}

function refuse(error: unknown, init: SignedRequestInit | undefined): InvalidRequestError {
  const text = error instanceof Error ? error.message : String(error);
  const code: InvalidRequestCode = /body/i.test(text) ? 'INVALID_BODY' : /method/i.test(text) ? 'INVALID_METHOD' : /header/i.test(text) ? 'INVALID_HEADER_VALUE' : 'INVALID_URL';
  // fetch's message quotes a bad header value (a token, a key?) over two lines, or says only "ByteString"
  // for a character above U+00FF: name the header instead, without its value and without that error.
  if (code === 'INVALID_HEADER_VALUE' || text.includes('ByteString')) {
    try {
      parseHeaders(init?.headers as HeadersInput | undefined);
    } catch (named) {
      if (named instanceof InvalidRequestError) return named;
    }
    if (code === 'INVALID_HEADER_VALUE') {
      return new InvalidRequestError(code, 'fetch would refuse a header: a name that is not an HTTP token, or a value with CR, LF, NUL or a character above U+00FF (not shown)');
    }
  }
  return new InvalidRequestError(code, `fetch would refuse this request: ${text}`, { cause: error });
}

function checkUrl(input: unknown): void {
  if (input instanceof Request || input instanceof URL) return;
  if (typeof input !== 'string') throw new InvalidRequestError('INVALID_URL', 'input must be a URL string, a URL or a Request');
  if (!URL.canParse(input)) throw new InvalidRequestError('INVALID_URL', `not an absolute URL: ${JSON.stringify(input.slice(0, 80))}`);
}

/**
 * Reads `input` and `init` the way `fetch` does. A caller's `Request` is cloned first, so it stays
 * unread and unchanged. Form bodies given as `URLSearchParams` in `init` are written as Python's
 * `urlencode` writes them; a `URLSearchParams` already inside a `Request` keeps the bytes it has.
 * @throws {InvalidRequestError} for what `fetch` itself would refuse (bad URL, method, header, a body on GET),
 *   or a `Request` whose body was already read.
 */
export async function prepareRequest(input: string | URL | Request, init: SignedRequestInit | undefined): Promise<PreparedRequest> {
  checkUrl(input);
  if (input instanceof Request && input.bodyUsed) throw new InvalidRequestError('INVALID_BODY', 'the Request body was already read');
  const given = init?.body;
  const form = given instanceof URLSearchParams;
  const streamed = isStreamBody(given);
  let request: Request;
  try {
    const source = input instanceof Request ? input.clone() : input;
    // Python's urlencode rules (botocore's), not WHATWG's: servers that re-encode the parsed form (moto) accept only those.
    const body = form ? formEncode([...given]) : given;
    request = new Request(source, { ...init, ...(body === undefined ? {} : { body }), ...(streamed ? { duplex: 'half' } : {}) } as RequestInit);
  } catch (error) {
    throw refuse(error, init);
  }
  const headers = [...request.headers].map(([name, value]): [string, string] => [name, value]);
  // The string we put in place of the URLSearchParams made Request add text/plain: say what it is.
  if (form && !callerSetType(input, init)) setHeader(headers, 'content-type', FORM_TYPE);
  const preHashed = init?.payloadHash !== undefined || request.headers.has('x-amz-content-sha256');
  if (init?.payloadHash !== undefined) setHeader(headers, 'x-amz-content-sha256', init.payloadHash);
  // A Request's body is always a ReadableStream, whatever built it: read it unless a hash is given.
  const stream = request.body !== null && (streamed || (input instanceof Request && given === undefined && preHashed)) ? request.body : undefined;
  const body = request.body !== null && stream === undefined ? new Uint8Array(await request.arrayBuffer()) : undefined;
  return { method: request.method, url: input instanceof URL ? input : request.url, headers, body, stream, init: passOn(input, init) };
}

function callerSetType(input: string | URL | Request, init: SignedRequestInit | undefined): boolean {
  if (init?.headers !== undefined) return new Headers(init.headers).has('content-type');
  return input instanceof Request && input.headers.has('content-type');
}

function setHeader(headers: Array<[string, string]>, name: string, value: string): void {
  const at = headers.findIndex(([n]) => n === name);
  if (at >= 0) headers.splice(at, 1);
  headers.push([name, value]);
}

/**
 * The options `fetch` gets besides method, headers and body. Redirects are not followed unless asked
 * for: the signature covers the host, and following would hand the session token to another host.
 */
function passOn(input: string | URL | Request, init: SignedRequestInit | undefined): RequestInit {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(init ?? {})) if (!OWN_FIELDS.has(key) && value !== undefined) out[key] = value;
  const fromRequest = input instanceof Request ? input : undefined;
  out['redirect'] = init?.redirect ?? (fromRequest && fromRequest.redirect !== 'follow' ? fromRequest.redirect : 'manual');
  const signal = init?.signal ?? fromRequest?.signal;
  if (signal) out['signal'] = signal;
  return out as RequestInit;
}
