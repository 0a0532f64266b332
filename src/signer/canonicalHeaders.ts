/** SigV4 step 1c: which headers are signed, and their canonical form. */
import { compare, sortInPlace } from './canonicalQuery.js';
import { trimAll } from './request.js';

/**
 * Never signed by default: hop-by-hop headers that proxies and HTTP stacks add, drop or rewrite,
 * plus `user-agent`, `expect` and `x-amzn-trace-id`, which clients and load balancers change. This
 * is botocore's list (which AWS services and moto expect) plus `authorization` itself.
 */
export const DEFAULT_UNSIGNED_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'connection',
  'expect',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'user-agent',
  'x-amzn-trace-id',
]);

/** Which headers to sign. */
export interface HeaderSelection {
  readonly unsigned: ReadonlySet<string>;
  /** When set, only these (plus `always`) are signed. */
  readonly only: ReadonlySet<string> | undefined;
}

/** Names of the headers to sign, sorted; `always` are signed whatever the selection says. */
export function selectSignedHeaders(
  headers: ReadonlyMap<string, string>,
  selection: HeaderSelection,
  always: ReadonlySet<string>,
): string[] {
  const names: string[] = [];
  for (const name of headers.keys()) {
    if (always.has(name)) names.push(name);
    else if (selection.only ? selection.only.has(name) && name !== 'authorization' : !selection.unsigned.has(name)) names.push(name);
  }
  return sortInPlace(names, compare);
}

/** The SignedHeaders value: `names` joined by `;`. A loop: Array.prototype.join profiles several times slower here. */
export function buildSignedHeaders(names: readonly string[]): string {
  let out = names[0] ?? '';
  for (let i = 1; i < names.length; i++) out += ';' + names[i]!;
  return out;
}

/** The canonical headers block (each `name:value\n`) for `names`, already sorted. */
export function buildCanonicalHeaders(headers: ReadonlyMap<string, string>, names: readonly string[]): string {
  let out = '';
  for (const name of names) out += `${name}:${trimAll(headers.get(name) ?? '')}\n`;
  return out;
}
