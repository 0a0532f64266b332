/** Reading a raw HTTP/1.x request (as captured, or typed into stdin) for `sigv4 verify` and `sigv4 sign`. */
import { InvalidRequestError } from '../errors.js';
import { trimSpaceTab } from '../sigv4/request.js';

/** A request as written on the wire. */
export interface RawHttpRequest {
  readonly method: string;
  /** The request target exactly as written: `/path?query` (origin form) or an absolute URL. */
  readonly url: string;
  /** Header lines in order, repeats kept apart; obs-fold continuation lines joined with one space. */
  readonly headers: Array<[string, string]>;
  /** The body bytes (de-chunked when `Transfer-Encoding: chunked`, cut to `Content-Length`). */
  readonly body: Uint8Array;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const VERSION = / HTTP\/\d(?:\.\d)?$/;
const utf8 = new TextDecoder('utf-8');

/** Index of the body's first byte and the head's end: after the first empty line (CRLF or LF). */
function splitHead(bytes: Uint8Array): { headEnd: number; bodyStart: number } {
  let lineStart = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0x0a) continue;
    const lineEnd = i > lineStart && bytes[i - 1] === 0x0d ? i - 1 : i;
    if (lineEnd === lineStart && lineStart > 0) return { headEnd: lineStart, bodyStart: i + 1 };
    lineStart = i + 1;
  }
  return { headEnd: bytes.length, bodyStart: bytes.length };
}

function parseRequestLine(line: string): { method: string; url: string } {
  const space = line.indexOf(' ');
  const method = space < 0 ? line : line.slice(0, space);
  const url = space < 0 ? '' : line.slice(space + 1).replace(VERSION, '');
  if (!TOKEN.test(method) || url === '' || url.startsWith(' ')) {
    throw new InvalidRequestError('INVALID_METHOD', 'the first line must be "METHOD target [HTTP/1.1]"');
  }
  return { method, url };
}

function parseHeaderLines(lines: readonly string[]): Array<[string, string]> {
  const headers: Array<[string, string]> = [];
  for (const line of lines) {
    const last = headers[headers.length - 1];
    if (/^[ \t]/.test(line)) {
      if (last === undefined) throw new InvalidRequestError('INVALID_HEADER_NAME', 'a continuation line comes before any header');
      // RFC 9112 5.2: a recipient replaces each obs-fold with one space.
      last[1] = `${last[1]} ${line.trim()}`.trim();
      continue;
    }
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    if (!TOKEN.test(name)) throw new InvalidRequestError('INVALID_HEADER_NAME', `header line ${JSON.stringify(line.slice(0, 40))} has no valid "name:"`);
    headers.push([name, trimSpaceTab(line.slice(colon + 1))]);
  }
  return headers;
}

/** Decodes a `Transfer-Encoding: chunked` body (extensions and trailers are dropped). */
function dechunk(bytes: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = bytes.indexOf(0x0a, at);
    if (lineEnd < 0) throw new InvalidRequestError('INVALID_BODY', 'chunked body ends without a last (0-size) chunk');
    const size = Number.parseInt(utf8.decode(bytes.subarray(at, lineEnd)).split(';')[0]!.trim(), 16);
    if (!Number.isFinite(size) || size < 0) throw new InvalidRequestError('INVALID_BODY', 'chunked body has an invalid chunk size');
    if (size === 0) break;
    const start = lineEnd + 1;
    if (start + size > bytes.length) throw new InvalidRequestError('INVALID_BODY', 'chunked body is shorter than its chunk sizes');
    parts.push(bytes.subarray(start, start + size));
    at = start + size + (bytes[start + size] === 0x0d ? 2 : 1);
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((offset, p) => (out.set(p, offset), offset + p.length), 0);
  return out;
}

function readBody(raw: Uint8Array, headers: ReadonlyArray<readonly [string, string]>): Uint8Array {
  const get = (name: string): string | undefined => headers.find(([n]) => n.toLowerCase() === name)?.[1];
  if (/(^|,)\s*chunked\s*$/i.test(get('transfer-encoding') ?? '')) return dechunk(raw);
  const length = get('content-length');
  if (length === undefined) return raw;
  if (!/^\d+$/.test(length)) throw new InvalidRequestError('INVALID_HEADER_VALUE', 'Content-Length must be a whole number');
  // Text pasted into stdin often ends with an extra newline; Content-Length says where the body stops.
  return raw.subarray(0, Math.min(raw.length, Number(length)));
}

/**
 * Parses a raw HTTP/1.x request: request line, header lines (CRLF or LF), an empty line, the body.
 * The target is kept as written (it may hold spaces or raw UTF-8, as in AWS's test vectors).
 * @example
 * parseRawHttpRequest('GET /v1/flows HTTP/1.1\r\nHost: example.com\r\n\r\n')
 * // { method: 'GET', url: '/v1/flows', headers: [['Host', 'example.com']], body: Uint8Array(0) }
 * @throws {InvalidRequestError} INVALID_METHOD (request line), INVALID_HEADER_NAME, INVALID_HEADER_VALUE, INVALID_BODY.
 */
export function parseRawHttpRequest(input: string | Uint8Array): RawHttpRequest {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const { headEnd, bodyStart } = splitHead(bytes);
  const lines = utf8.decode(bytes.subarray(0, headEnd)).split('\n').map((l) => l.replace(/\r$/, ''));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const { method, url } = parseRequestLine(lines[0] ?? '');
  const headers = parseHeaderLines(lines.slice(1));
  return { method, url, headers, body: readBody(bytes.subarray(bodyStart), headers) };
}
