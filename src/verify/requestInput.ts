/**
 * The received request, read through the signer's own parser (so both sides canonicalize alike),
 * with one difference: the `Host` header is taken as received, since that is what the client signed.
 */
import { SigV4Error } from '../errors.js';
import type { EncodedPair } from '../sigv4/canonicalQuery.js';
import { parseRequest, trimAll } from '../sigv4/request.js';
import { fail, type Outcome, quote } from './outcome.js';
import type { HttpRequestLike } from '../sigv4/types.js';
import type { VerifiableRequest } from './types.js';

/** A received request, ready to canonicalize. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: readonly EncodedPair[];
  /** Lowercase names, repeats merged as the signer merges them; `host` included as received. */
  readonly headers: ReadonlyMap<string, string>;
  readonly body: unknown;
}

// No '/', '?', '#', '@' or '\\': those would move the path or user info when joined into a URL.
const HOST = /^[^\s/?#@\\]+$/;

/**
 * Caps on what is read before anyone is authenticated, so a hostile request costs a bounded,
 * linear amount of work. Generous for real clients: Node's own parser stops at 16 KiB of headers,
 * S3 at 8 KiB; a session token is ~1-2 KiB, and a presigned URL with one ~3 KiB.
 */
export const REQUEST_LIMITS = {
  /** Characters of the Authorization header (all copies together). */
  authorization: 8 * 1024,
  /** Header fields, repeats counted apart. */
  headerCount: 200,
  /** Characters of all header names and values together. */
  headerBytes: 64 * 1024,
  /** Characters of the URL or request target (path and query). */
  url: 16 * 1024,
} as const;

const TOO_LARGE = 'Your request header section exceeds the maximum allowed size.';
const tooLarge = (what: string): Outcome<never> => fail('RequestHeaderSectionTooLarge', `${TOO_LARGE} ${what}`);

type Pairs = Array<readonly [string, string]>;

/** Adds a pair unless a cap is passed; the caps are checked as pairs arrive, so a huge input is never read in full. */
class PairList {
  readonly pairs: Pairs = [];
  #bytes = 0;
  add(name: string, value: string): Outcome<never> | undefined {
    if (this.pairs.length >= REQUEST_LIMITS.headerCount) return tooLarge(`At most ${REQUEST_LIMITS.headerCount} header fields are accepted.`);
    this.#bytes += name.length + value.length;
    if (this.#bytes > REQUEST_LIMITS.headerBytes) return tooLarge(`Header names and values may total at most ${REQUEST_LIMITS.headerBytes} characters.`);
    this.pairs.push([name, value]);
    return undefined;
  }
}

function pairsOfRecord(record: object): Outcome<Pairs> {
  const list = new PairList();
  // for-in with an own-property check, no entry or value arrays: this runs on every verification.
  const values = record as Readonly<Record<string, unknown>>;
  for (const name in values) {
    if (!Object.hasOwn(values, name)) continue;
    const value = values[name];
    if (value === undefined) continue;
    if (!Array.isArray(value)) {
      if (typeof value !== 'string') return notString(name);
      const refused = list.add(name, value);
      if (refused) return refused;
      continue;
    }
    for (const v of value as unknown[]) {
      if (typeof v !== 'string') return notString(name);
      const refused = list.add(name, v);
      if (refused) return refused;
    }
  }
  return list.pairs;
}

const notString = (name: string): Outcome<never> => fail('IncompleteSignature', `header ${JSON.stringify(name.slice(0, 64))} must be a string`);

/** Any accepted header shape as [name, value] pairs; a non-string anywhere is a refusal, not an exception. */
function headerPairs(input: unknown): Outcome<Pairs> {
  if (input === undefined || input === null) return [];
  if (typeof input !== 'object') return fail('IncompleteSignature', 'headers must be an object, a Headers or an iterable of pairs');
  if (!(Symbol.iterator in input) && !(typeof Headers !== 'undefined' && input instanceof Headers)) return pairsOfRecord(input);
  const list = new PairList();
  for (const pair of input as Iterable<unknown>) {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
      return fail('IncompleteSignature', 'header pairs must be [name, value] strings');
    }
    const refused = list.add(pair[0], pair[1]);
    if (refused) return refused;
  }
  return list.pairs;
}

function absoluteUrl(url: unknown, host: string | undefined): Outcome<string | URL> {
  if (url instanceof URL) return url.href.length > REQUEST_LIMITS.url ? urlTooLong : url;
  if (typeof url !== 'string') return fail('IncompleteSignature', 'url must be a string or a URL');
  if (url.length > REQUEST_LIMITS.url) return urlTooLong;
  if (!url.startsWith('/')) return url;
  // An origin-form target (Node's req.url): the authority is the Host header.
  if (host === undefined) return fail('IncompleteSignature', 'a request target without a host needs a Host header');
  if (!HOST.test(host)) return fail('IncompleteSignature', 'the Host header is not a valid host[:port]');
  return `http://${host}${url}`;
}

const urlTooLong = tooLarge(`The URL (path and query) may be at most ${REQUEST_LIMITS.url} characters.`);

/** An HttpRequest's path and query, measured as a URL would be, stopping as soon as the cap is passed. */
function httpRequestTooLong(request: HttpRequestLike): boolean {
  let size = typeof request.path === 'string' ? request.path.length : 0;
  const query = request.query;
  if (query === null || typeof query !== 'object') return size > REQUEST_LIMITS.url;
  for (const name in query) {
    if (!Object.hasOwn(query, name)) continue;
    const value: unknown = query[name];
    const values: unknown[] = Array.isArray(value) ? value : [value];
    for (const v of values) {
      size += name.length + 2 + (typeof v === 'string' ? v.length : 0);
      if (size > REQUEST_LIMITS.url) return true;
    }
  }
  return size > REQUEST_LIMITS.url;
}

/**
 * RFC 9112 3.2.2: with an absolute-form target the target's host is the one meant. A request whose
 * Host header (what the client signed) names another is refused, not verified against the Host
 * header while the handler routes by the URL.
 */
function sameHost(given: string, scheme: string, urlHost: string): boolean {
  const lower = given.toLowerCase();
  if (lower === urlHost) return true;
  if (!HOST.test(given)) return false;
  try {
    return new URL(`${scheme}://${lower}/`).host === urlHost;
  } catch {
    return false;
  }
}

function isHttpRequestShape(request: unknown): request is HttpRequestLike {
  return typeof request === 'object' && request !== null && (request as { url?: unknown }).url === undefined && typeof (request as { hostname?: unknown }).hostname === 'string';
}

/** Reads `request` of any shape; malformed input gives a refusal. */
export function readReceivedRequest(request: VerifiableRequest | HttpRequestLike): Outcome<ReceivedRequest> {
  if (request === null || typeof request !== 'object') return fail('IncompleteSignature', 'request must be an object with method and url');
  const pairs = headerPairs(request.headers);
  if (!Array.isArray(pairs)) return pairs;
  // One pass: the Host header apart from the others (parseRequest takes the host from the URL).
  let host: string | undefined;
  let authorization = 0;
  const others: Pairs = [];
  for (const pair of pairs) {
    if (pair[0].length === 13 && pair[0].toLowerCase() === 'authorization') authorization += pair[1].length;
    if (pair[0].length !== 4 || pair[0].toLowerCase() !== 'host') others.push(pair);
    else if (host !== undefined) return fail('IncompleteSignature', 'the request has more than one Host header');
    else host = trimAll(pair[1]);
  }
  if (authorization > REQUEST_LIMITS.authorization) return tooLarge(`The Authorization header may be at most ${REQUEST_LIMITS.authorization} characters.`);
  if (isHttpRequestShape(request) && httpRequestTooLong(request)) return urlTooLong;
  // An HttpRequest (@smithy/protocol-http shape: hostname, path, query record) is read the way signRequest reads it.
  const target = isHttpRequestShape(request) ? request : absoluteUrl((request as VerifiableRequest).url, host);
  if (typeof target !== 'string' && !(target instanceof URL) && !isHttpRequestShape(target)) return target;
  try {
    const parsed = parseRequest(isHttpRequestShape(target)
      ? { method: target.method, protocol: target.protocol, hostname: target.hostname, port: target.port, path: target.path, query: target.query, headers: others as unknown as HttpRequestLike['headers'], body: target.body }
      : { method: request.method, url: target, headers: others, body: (request as VerifiableRequest).body });
    // parseRequest's map is new and ours: the signed Host header goes in as the client sent it.
    const { headers } = parsed;
    // Origin-form targets were joined to this very Host header, so only an absolute URL (or an
    // HttpRequest's hostname) can disagree with it.
    if (host !== undefined && !sameHost(host, parsed.scheme, parsed.host)) {
      return fail('InvalidRequest', `The request target names host ${quote(parsed.host)} but the Host header is ${quote(host)}; an absolute URL's host and the Host header must be the same.`);
    }
    headers.set('host', host ?? parsed.host);
    return { method: parsed.method, path: parsed.path, query: parsed.query, headers, body: parsed.body };
  } catch (error) {
    if (error instanceof SigV4Error) return fail('IncompleteSignature', `the request cannot be read: ${error.message}`);
    throw error;
  }
}
