/** SigV4 step 1b: the canonical query string. Pairs are kept encoded in canonical form throughout. */
import { canonicalizeWire, uriEncode } from './encoding.js';

/** A query parameter already in canonical (RFC 3986) encoding. */
export type EncodedPair = readonly [name: string, value: string];

/**
 * Reads a raw query (without `?`) as it appears on the wire. No form semantics: a raw `+` is a
 * literal plus (canonical `%2B`), as AWS reads it; existing `%XX` escapes are decoded and re-encoded.
 * A bare key (`?acl`) has the empty value; empty pieces (`a&&b`) are skipped.
 */
export function parseWireQuery(raw: string): EncodedPair[] {
  if (raw === '') return [];
  // The common single parameter: no split() (it costs as much as the rest of this function) and an
  // array of exactly one pair (push would reserve room for 17).
  if (!raw.includes('&')) return [wirePair(raw)];
  const pairs: EncodedPair[] = [];
  for (const piece of raw.split('&')) {
    if (piece !== '') pairs.push(wirePair(piece));
  }
  return pairs;
}

function wirePair(piece: string): EncodedPair {
  const eq = piece.indexOf('=');
  return eq < 0 ? [canonicalizeWire(piece), ''] : [canonicalizeWire(piece.slice(0, eq)), canonicalizeWire(piece.slice(eq + 1))];
}

/** Encodes decoded name/value pairs (e.g. an `HttpRequest.query`). */
export function encodePairs(decoded: Iterable<readonly [string, string]>): EncodedPair[] {
  const pairs: EncodedPair[] = [];
  for (const [name, value] of decoded) pairs.push([uriEncode(name), uriEncode(value)]);
  return pairs;
}

/** Code-unit order, as Array.prototype.sort's default. */
export const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Sorts `items` in place and returns it. A request's headers and query are short, and for up to 16
 * items an insertion sort is about three times faster than Array.prototype.sort and allocates nothing;
 * longer arrays use the built-in. Both are stable, so the result is the same.
 */
export function sortInPlace<T>(items: T[], order: (a: T, b: T) => number): T[] {
  if (items.length > 16) return items.sort(order);
  for (let i = 1; i < items.length; i++) {
    const item = items[i]!;
    let j = i - 1;
    for (; j >= 0 && order(items[j]!, item) > 0; j--) items[j + 1] = items[j]!;
    items[j + 1] = item;
  }
  return items;
}

const comparePairs = (a: EncodedPair, b: EncodedPair): number => compare(a[0], b[0]) || compare(a[1], b[1]);

/**
 * Sorted by encoded name, then encoded value (code-unit order equals byte order once everything is
 * ASCII), each as `name=value`, `name=` for a bare key.
 */
export function buildCanonicalQuery(pairs: readonly EncodedPair[]): string {
  if (pairs.length === 0) return '';
  if (pairs.length === 1) return `${pairs[0]![0]}=${pairs[0]![1]}`;
  return joinSorted(sortInPlace(pairs.slice(), comparePairs));
}

/** {@link buildCanonicalQuery} for an array the caller owns and lets it sort in place (no copy). */
export function buildCanonicalQueryInPlace(pairs: EncodedPair[]): string {
  return pairs.length < 2 ? buildCanonicalQuery(pairs) : joinSorted(sortInPlace(pairs, comparePairs));
}

// One flat string from one array: a `+=` loop leaves two or three intermediate strings per parameter.
function joinSorted(sorted: readonly EncodedPair[]): string {
  const parts = new Array<string>(sorted.length * 4 - 1);
  let i = 0;
  for (const [name, value] of sorted) {
    if (i > 0) parts[i++] = '&';
    parts[i++] = name;
    parts[i++] = '=';
    parts[i++] = value;
  }
  return parts.join('');
}
