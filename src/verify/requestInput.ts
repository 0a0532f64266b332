/**
 * The received request, read through the signer's own parser (so both sides canonicalize alike),
 * with one difference: the `Host` header is taken as received, since that is what the client signed.
 */
import { SigV4Error } from '../errors.js';
import type { EncodedPair } from '../sigv4/canonicalQuery.js';
import { parseRequest, trimAll } from '../sigv4/request.js';
import { fail, type Outcome } from './outcome.js';
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

type Pairs = Array<readonly [string, string]>;

function pairsOfRecord(record: object): Outcome<Pairs> {
  const pairs: Pairs = [];
  // for-in with an own-property check, no entry or value arrays: this runs on every verification.
  const values = record as Readonly<Record<string, unknown>>;
  for (const name in values) {
    if (!Object.hasOwn(values, name)) continue;
    const value = values[name];
    if (value === undefined) continue;
    if (!Array.isArray(value)) {
      if (typeof value !== 'string') return notString(name);
      pairs.push([name, value]);
      continue;
    }
    for (const v of value as unknown[]) {
      if (typeof v !== 'string') return notString(name);
      pairs.push([name, v]);
    }
  }
  return pairs;
}

const notString = (name: string): Outcome<never> => fail('IncompleteSignature', `header ${JSON.stringify(name.slice(0, 64))} must be a string`);

/** Any accepted header shape as [name, value] pairs; a non-string anywhere is a refusal, not an exception. */
function headerPairs(input: unknown): Outcome<Pairs> {
  if (input === undefined || input === null) return [];
  if (typeof input !== 'object') return fail('IncompleteSignature', 'headers must be an object, a Headers or an iterable of pairs');
  if (typeof Headers !== 'undefined' && input instanceof Headers) return [...input];
  if (!(Symbol.iterator in input)) return pairsOfRecord(input);
  const pairs: Pairs = [];
  for (const pair of input as Iterable<unknown>) {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
      return fail('IncompleteSignature', 'header pairs must be [name, value] strings');
    }
    pairs.push([pair[0], pair[1]]);
  }
  return pairs;
}

function absoluteUrl(url: unknown, host: string | undefined): Outcome<string | URL> {
  if (url instanceof URL) return url;
  if (typeof url !== 'string') return fail('IncompleteSignature', 'url must be a string or a URL');
  if (!url.startsWith('/')) return url;
  // An origin-form target (Node's req.url): the authority is the Host header.
  if (host === undefined) return fail('IncompleteSignature', 'a request target without a host needs a Host header');
  if (!HOST.test(host)) return fail('IncompleteSignature', 'the Host header is not a valid host[:port]');
  return `http://${host}${url}`;
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
  const others: Pairs = [];
  for (const pair of pairs) {
    if (pair[0].length !== 4 || pair[0].toLowerCase() !== 'host') others.push(pair);
    else if (host !== undefined) return fail('IncompleteSignature', 'the request has more than one Host header');
    else host = trimAll(pair[1]);
  }
  // An HttpRequest (@smithy/protocol-http shape: hostname, path, query record) is read the way signRequest reads it.
  const target = isHttpRequestShape(request) ? request : absoluteUrl((request as VerifiableRequest).url, host);
  if (typeof target !== 'string' && !(target instanceof URL) && !isHttpRequestShape(target)) return target;
  try {
    const parsed = parseRequest(isHttpRequestShape(target)
      ? { method: target.method, protocol: target.protocol, hostname: target.hostname, port: target.port, path: target.path, query: target.query, headers: others as unknown as HttpRequestLike['headers'], body: target.body }
      : { method: request.method, url: target, headers: others, body: (request as VerifiableRequest).body });
    // parseRequest's map is new and ours: the signed Host header goes in as the client sent it.
    const { headers } = parsed;
    headers.set('host', host ?? parsed.host);
    return { method: parsed.method, path: parsed.path, query: parsed.query, headers, body: parsed.body };
  } catch (error) {
    if (error instanceof SigV4Error) return fail('IncompleteSignature', `the request cannot be read: ${error.message}`);
    throw error;
  }
}
