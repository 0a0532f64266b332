/** SigV4 step 1c: which headers are signed, and their canonical form. */
import { compare, sortInPlace } from './canonicalQuery.js';
import { trimAll } from './request.js';

/** RFC 9110 7.6.1's hop-by-hop headers: meant for one connection, changed or dropped by every proxy. */
export const HOP_BY_HOP_HEADERS: readonly string[] = ['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade'];

/**
 * Never signed by default: hop-by-hop headers that proxies and HTTP stacks add, drop or rewrite,
 * plus `user-agent`, `expect` and `x-amzn-trace-id`, which clients and load balancers change. This
 * is botocore's list (which AWS services and moto expect) plus `authorization` itself.
 */
export const DEFAULT_UNSIGNED_HEADERS: ReadonlySet<string> = new Set(['authorization', ...HOP_BY_HOP_HEADERS, 'expect', 'user-agent', 'x-amzn-trace-id']);

/** Which headers to sign. */
export interface HeaderSelection {
  readonly unsigned: ReadonlySet<string>;
  /** When set, only these (plus `always`) are signed. */
  readonly only: ReadonlySet<string> | undefined;
}

/**
 * Names of the headers to sign, sorted; `always` are signed whatever the selection says, and so is
 * `extra`, a header the caller adds itself (the host, which comes from the URL, not from `headers`).
 */
export function selectSignedHeaders(
  headers: ReadonlyMap<string, string>,
  selection: HeaderSelection,
  always: ReadonlySet<string>,
  extra?: string,
): string[] {
  // Sized up front: push would reserve room for 17 names on the first call.
  const names = new Array<string>(headers.size + 1);
  let count = 0;
  if (extra !== undefined) names[count++] = extra;
  for (const name of headers.keys()) {
    if (name === extra) continue;
    if (always.has(name)) names[count++] = name;
    else if (selection.only ? selection.only.has(name) && name !== 'authorization' : !selection.unsigned.has(name)) names[count++] = name;
  }
  names.length = count;
  return sortInPlace(names, compare);
}

/** The SignedHeaders value: `names` joined by `;` (one flat string; a `+=` loop leaves a chain of intermediate strings). */
export function buildSignedHeaders(names: readonly string[]): string {
  return names.join(';');
}

/** The canonical headers block (each `name:value\n`) for `names`, already sorted. */
export function buildCanonicalHeaders(headers: ReadonlyMap<string, string>, names: readonly string[]): string {
  let out = '';
  for (const name of names) out += `${name}:${trimAll(headers.get(name) ?? '')}\n`;
  return out;
}
