/** Input boundary: validates any accepted request shape and reads it into one internal form. */
import { InvalidRequestError } from '../errors.js';
import { encodePairs, type EncodedPair, parseWireQuery } from './canonicalQuery.js';
import type { BodyInput, HeadersInput, HttpRequestLike, SignableRequest } from './types.js';

/** The one shape the core works on. Header names are lowercase; repeated headers are already merged. */
export interface ParsedRequest {
  readonly method: string;
  readonly scheme: string;
  /** `host[:port]` as the Host header will carry it (lowercase, default port dropped, IPv6 in brackets). */
  readonly host: string;
  /** The wire path exactly as given (never empty: `/` at least). */
  readonly path: string;
  readonly query: EncodedPair[];
  readonly headers: Map<string, string>;
  readonly body: unknown;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// CR, LF and NUL split or end a header on the wire; code points above U+00FF cannot be sent at all.
const BAD_HEADER_VALUE = /[\r\n\0\u0100-\uffff]/;
// scheme "://": what an absolute URL with an authority starts with.
const URL_START = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;
const CONTROL = /[\0-\x1f\x7f]/;
const SCHEMES = new Set(['http', 'https', 'ws', 'wss']);
// Lowercase LDH names whose last label starts with a letter, no port: the URL parser returns these
// unchanged (no IPv4 or IDNA form, no default port), so the common case skips building a URL object.
const PLAIN_HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*[a-z](?:[a-z0-9-]*[a-z0-9])?$/;
// fetch upper-cases exactly these (and no others: 'patch' is sent as written).
const NORMALIZED_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);

/** Reads and validates `request`; throws {@link InvalidRequestError} and touches nothing on bad input. */
export function parseRequest(request: SignableRequest | HttpRequestLike): ParsedRequest {
  if (request === null || typeof request !== 'object') {
    throw new InvalidRequestError('INVALID_URL', 'request must be an object with method and url');
  }
  const method = parseMethod(request.method);
  const target = 'url' in request && request.url !== undefined ? parseUrl(request.url) : parseHttpRequestTarget(request as HttpRequestLike);
  const headers = parseHeaders(request.headers);
  const given = headers.get('host');
  if (given !== undefined && given.trim().toLowerCase() !== target.host && !isSameHostWithDefaultPort(given, target)) {
    throw new InvalidRequestError('HOST_MISMATCH', `the host header (${given}) does not match the URL's host (${target.host})`);
  }
  headers.delete('host');
  return { method, scheme: target.scheme, host: target.host, path: target.path, query: target.query, headers, body: request.body };
}

function parseMethod(method: unknown): string {
  if (typeof method !== 'string' || !TOKEN.test(method)) {
    throw new InvalidRequestError('INVALID_METHOD', 'method must be an HTTP token such as GET or POST');
  }
  if (NORMALIZED_METHODS.has(method)) return method;
  const upper = method.toUpperCase();
  return NORMALIZED_METHODS.has(upper) ? upper : method;
}

type Target = Pick<ParsedRequest, 'scheme' | 'host' | 'path' | 'query'>;

function parseUrl(url: unknown): Target {
  let text: string;
  if (typeof url === 'string') text = url;
  else if (url instanceof URL) text = url.href;
  else throw new InvalidRequestError('INVALID_URL', 'url must be a string or a URL');
  // A prefix test, a control-character scan and indexOf: a regex with captures allocated about 250
  // bytes of match array and substrings on every signature.
  if (!URL_START.test(text) || CONTROL.test(text)) {
    throw new InvalidRequestError('INVALID_URL', 'url must be an absolute http(s) or ws(s) URL without control characters');
  }
  const colon = text.indexOf(':');
  const start = colon + 3;
  const hash = text.indexOf('#', start);
  const end = hash < 0 ? text.length : hash;
  const question = text.indexOf('?', start);
  const pathEnd = question >= 0 && question < end ? question : end;
  const slash = text.indexOf('/', start);
  const authorityEnd = slash >= 0 && slash < pathEnd ? slash : pathEnd;
  const scheme = text.startsWith('https:') ? 'https' : text.slice(0, colon);
  const authority = text.slice(start, authorityEnd);
  const path = text.slice(authorityEnd, pathEnd);
  const rawQuery = pathEnd < end ? text.slice(pathEnd + 1, end) : '';
  // A URL object's query means what its searchParams say: URLSearchParams writes a space as '+', so
  // there '+' is a space. A string is the wire form, where AWS reads '+' as a plus sign.
  const query = typeof url === 'string' ? rawQuery : rawQuery.replace(/\+/g, '%20');
  const lowerScheme = scheme.toLowerCase();
  return { scheme: lowerScheme, host: parseHost(lowerScheme, authority), path: path || '/', query: parseWireQuery(query) };
}

/** The Host header value for `authority` under `scheme` (which it checks). */
function parseHost(scheme: string, authority: string): string {
  if (!SCHEMES.has(scheme)) throw new InvalidRequestError('INVALID_URL', `unsupported URL scheme "${scheme}"`);
  // User info never goes on the wire (fetch refuses it); the host is what follows the last '@'.
  const hostPart = authority.slice(authority.lastIndexOf('@') + 1);
  if (PLAIN_HOST.test(hostPart) && !hostPart.includes('--')) return hostPart;
  let host: string;
  try {
    host = new URL(`${scheme}://${hostPart}/`).host;
  } catch {
    host = '';
  }
  if (host === '') throw new InvalidRequestError('INVALID_URL', 'url has no valid host');
  return host;
}

function parseHttpRequestTarget(request: HttpRequestLike): Target {
  if (typeof request.hostname !== 'string' || typeof request.path !== 'string') {
    throw new InvalidRequestError('INVALID_URL', 'request needs a url (or hostname and path, as in an HttpRequest)');
  }
  const scheme = (request.protocol ?? 'https:').replace(/:$/, '').toLowerCase();
  const port = request.port === undefined ? '' : `:${String(request.port)}`;
  const path = request.path === '' ? '/' : request.path;
  if (!path.startsWith('/') || CONTROL.test(path)) {
    throw new InvalidRequestError('INVALID_URL', 'path must start with "/" and contain no control characters');
  }
  return { scheme, host: parseHost(scheme, `${request.hostname}${port}`), path, query: encodePairs(queryEntries(request.query)) };
}

function* queryEntries(query: HttpRequestLike['query']): Generator<readonly [string, string]> {
  if (query === undefined || query === null) return;
  if (typeof query !== 'object') throw new InvalidRequestError('INVALID_QUERY', 'query must be an object');
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (value === null) yield [name, ''];
    else if (typeof value === 'string') yield [name, value];
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) for (const v of value as string[]) yield [name, v];
    else throw new InvalidRequestError('INVALID_QUERY', `query parameter "${name}" must be a string, an array of strings or null`);
  }
}

function isSameHostWithDefaultPort(given: string, target: Target): boolean {
  try {
    return new URL(`${target.scheme}://${given.trim()}/`).host === target.host;
  } catch {
    return false;
  }
}

/** Lowercase names; repeated names merged in order as `a,b` of their trimmed values. */
export function parseHeaders(input: HeadersInput | undefined): Map<string, string> {
  const headers = new Map<string, string>();
  if (input === undefined || input === null) return headers;
  if (typeof input !== 'object') throw new InvalidRequestError('INVALID_HEADER_NAME', 'headers must be an object, a Headers or an iterable of pairs');
  const repeats = readHeaders(input, headers);
  // Map.set on an existing key keeps its place: merged headers stay where their first copy was.
  if (repeats !== undefined) for (const [key, values] of repeats) headers.set(key, values.join(','));
  return headers;
}

/** Fills `headers` with the first value of each name; returns the names seen more than once, with all their trimmed values. */
function readHeaders(input: object, headers: Map<string, string>): Repeats {
  let repeats: Repeats;
  if (isHeaders(input)) input.forEach((value, name) => (repeats = addHeader(headers, repeats, name, value)));
  else if (Symbol.iterator in input) {
    for (const pair of input as Iterable<readonly [string, string]>) {
      if (!Array.isArray(pair) || pair.length !== 2) throw new InvalidRequestError('INVALID_HEADER_NAME', 'header pairs must be [name, value]');
      repeats = addHeader(headers, repeats, pair[0], pair[1]);
    }
  } else {
    // for-in with an own-property check, not Object.keys or entries: no array per request.
    const record = input as Readonly<Record<string, unknown>>;
    for (const name in record) {
      if (!Object.hasOwn(record, name)) continue;
      const value = record[name];
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const v of value as unknown[]) repeats = addHeader(headers, repeats, name, v);
      else repeats = addHeader(headers, repeats, name, value);
    }
  }
  return repeats;
}

// Created on the first repeated name only: most requests have none.
type Repeats = Map<string, string[]> | undefined;

function addHeader(headers: Map<string, string>, repeats: Repeats, name: unknown, value: unknown): Repeats {
  if (typeof name !== 'string' || !TOKEN.test(name)) {
    throw new InvalidRequestError('INVALID_HEADER_NAME', `header name ${JSON.stringify(String(name))} is not an HTTP token`);
  }
  if (typeof value !== 'string' || BAD_HEADER_VALUE.test(value)) {
    throw new InvalidRequestError('INVALID_HEADER_VALUE', `header "${name}" must be a string without CR, LF, NUL or characters above U+00FF`);
  }
  const key = name.toLowerCase();
  const first = headers.get(key);
  if (first === undefined) {
    headers.set(key, value);
    return repeats;
  }
  // A repeated name: its trimmed values are collected and joined once at the end, not re-trimmed and
  // re-copied on every repeat (that was quadratic: 30,000 copies of one header took 17 s).
  const all = repeats ?? new Map<string, string[]>();
  const values = all.get(key);
  if (values === undefined) all.set(key, [trimAll(first), trimAll(value)]);
  else values.push(trimAll(value));
  return all;
}

// The tag check comes first: on Node 20 reading the global `Headers` loads all of undici (~20 ms on a cold start).
function isHeaders(input: object): input is Headers {
  return (input as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag] === 'Headers' && typeof Headers !== 'undefined' && input instanceof Headers;
}

/**
 * Trim and collapse runs of spaces and tabs to one space. Only SP and HTAB: CR, LF and NUL are
 * refused at the boundary, and other characters are not HTTP whitespace (botocore and smithy-ts
 * agree on every value we accept; smithy-rs and Go collapse spaces only).
 */
export function trimAll(value: string): string {
  // Same test as /^[ \t]|[ \t]$|[ \t]{2}|\t/ (any tab is caught by the tab search), without a regex scan.
  const needsTrim = value.includes('\t') || value.includes('  ') || value.charCodeAt(0) === 0x20 || value.charCodeAt(value.length - 1) === 0x20;
  return needsTrim ? value.replace(/[ \t]+/g, ' ').replace(/^ | $/g, '') : value;
}

/**
 * `value` without leading and trailing spaces and tabs, by scanning indexes: `/^[ \t]+|[ \t]+$/g`
 * is quadratic in V8 on a long run of blanks that does not end the string (16 KiB took ~0.5 s).
 */
export function trimSpaceTab(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isBlank(value.charCodeAt(start))) start++;
  while (end > start && isBlank(value.charCodeAt(end - 1))) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

const isBlank = (code: number): boolean => code === 0x20 || code === 0x09;

/** The body types the core hashes itself. */
export function isHashableBody(body: unknown): body is BodyInput {
  return body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array || body instanceof ArrayBuffer;
}

