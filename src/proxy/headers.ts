/** Which request and response headers a proxy passes on: pure functions over header pairs. */
import { HOP_BY_HOP_HEADERS } from '../sigv4/canonicalHeaders.js';

/** Hop-by-hop headers (plus the old `proxy-connection`): meant for one connection, never forwarded. */
export const HOP_BY_HOP: ReadonlySet<string> = new Set([...HOP_BY_HOP_HEADERS, 'proxy-connection']);

/**
 * Client headers the signing proxy drops before it signs: a client's signature and its inputs.
 * A client's `x-amz-content-sha256` would become the payload hash, its `x-amz-security-token` would
 * be signed next to ours, its `x-amz-date` would be overwritten anyway. Other `x-amz-*` headers
 * (`x-amz-target`, `x-amz-meta-*`, `x-amz-acl`) are part of the API call and pass.
 */
export const CLIENT_SIGNING_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'x-amz-date',
  'x-amz-security-token',
  'x-amz-content-sha256',
  'x-amz-decoded-content-length',
  'x-amz-region-set',
  'x-amz-algorithm',
  'x-amz-credential',
  'x-amz-signature',
  'x-amz-signedheaders',
  'x-amz-expires',
]);

/** Names listed in a `Connection` header: hop-by-hop for this message too (RFC 9110 7.6.1). */
function connectionOptions(pairs: ReadonlyArray<readonly [string, string]>): Set<string> {
  const out = new Set<string>();
  for (const [name, value] of pairs) {
    if (name.toLowerCase() !== 'connection') continue;
    for (const option of value.split(',')) if (option.trim() !== '') out.add(option.trim().toLowerCase());
  }
  return out;
}

/** Node's `rawHeaders` (names and values alternating, as received) as pairs. */
export function pairsOf(rawHeaders: readonly string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) pairs.push([rawHeaders[i]!, rawHeaders[i + 1]!]);
  return pairs;
}

/**
 * The client headers the signing proxy signs and forwards, names lowercased: without hop-by-hop
 * headers, `host` (the signed host comes from the upstream), `content-length` (recomputed from the
 * body that is sent), `expect` (Node answers `100-continue` itself), the client's signing headers,
 * and the names in `strip`.
 * @example
 * headersToSign([['Host', 'localhost:8080'], ['Authorization', 'AWS4-HMAC-SHA256 ...'], ['X-Amz-Target', 'X.Y']], []);
 * // [['x-amz-target', 'X.Y']]
 */
export function headersToSign(pairs: ReadonlyArray<readonly [string, string]>, strip: readonly string[]): Array<[string, string]> {
  const dropped = new Set([...connectionOptions(pairs), ...strip.map((s) => s.toLowerCase())]);
  const out: Array<[string, string]> = [];
  for (const [rawName, value] of pairs) {
    const name = rawName.toLowerCase();
    if (HOP_BY_HOP.has(name) || CLIENT_SIGNING_HEADERS.has(name) || dropped.has(name)) continue;
    if (name === 'host' || name === 'content-length' || name === 'expect' || name.startsWith(':')) continue;
    out.push([name, value]);
  }
  return out;
}

/**
 * The headers of a client request the verifying proxy forwards: without hop-by-hop headers, `host`
 * and `content-length` (set for the upstream and the body sent), and any `x-amz-verified-access-key`
 * the client sent (only the proxy may say who signed).
 */
export function headersToForward(pairs: ReadonlyArray<readonly [string, string]>): Array<[string, string]> {
  const dropped = connectionOptions(pairs);
  return pairs
    .map(([n, v]): [string, string] => [n.toLowerCase(), v])
    .filter(([n]) => !HOP_BY_HOP.has(n) && !dropped.has(n) && n !== 'host' && n !== 'content-length' && n !== 'expect' && n !== VERIFIED_KEY_HEADER && !n.startsWith(':'));
}

/** The header the verifying proxy adds: the access key id whose signature it checked. */
export const VERIFIED_KEY_HEADER = 'x-amz-verified-access-key';

/** Codings `fetch` (undici) decodes by itself; a response it decoded no longer matches its `content-encoding`/`content-length`. */
const DECODED_BY_FETCH: ReadonlySet<string> = new Set(['gzip', 'x-gzip', 'deflate', 'br']);

/**
 * Whether `fetch` decoded a response body: it does for these codings, except for HEAD and body-less statuses.
 * A proxy forwarding such a body must drop `content-encoding` and `content-length`.
 */
export function wasDecoded(method: string, status: number, contentEncoding: string | null): boolean {
  if (contentEncoding === null || method === 'HEAD' || status === 204 || status === 304) return false;
  const codings = contentEncoding.toLowerCase().split(',').map((c) => c.trim()).filter((c) => c !== '' && c !== 'identity');
  return codings.length > 0 && codings.every((c) => DECODED_BY_FETCH.has(c));
}

/**
 * The response headers a proxy sends back: hop-by-hop ones dropped (Node sets its own framing), and
 * `content-encoding`/`content-length` dropped when the body was decoded on the way.
 */
export function responseHeaders(pairs: ReadonlyArray<readonly [string, string]>, decoded: boolean): Array<readonly [string, string]> {
  const dropped = connectionOptions(pairs);
  return pairs.filter(([raw]) => {
    const n = raw.toLowerCase();
    return !HOP_BY_HOP.has(n) && !dropped.has(n) && !(decoded && (n === 'content-encoding' || n === 'content-length'));
  });
}
