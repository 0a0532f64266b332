/** SigV4 step 1: the canonical request, assembled from steps 1a-1d. */
import { trimAll } from './request.js';

/** The six lines (and the headers block) of the canonical request. */
export interface CanonicalRequestParts {
  readonly method: string;
  readonly canonicalUri: string;
  readonly canonicalQuery: string;
  /** Each `name:value\n`, sorted by name. */
  readonly canonicalHeaders: string;
  readonly signedHeaders: string;
  readonly payloadHash: string;
}

/** `METHOD\nURI\nQUERY\nHEADERS\n\nSIGNED_HEADERS\nPAYLOAD_HASH`. */
export function buildCanonicalRequest(parts: CanonicalRequestParts): string {
  return `${parts.method}\n${parts.canonicalUri}\n${parts.canonicalQuery}\n${parts.canonicalHeaders}\n${parts.signedHeaders}\n${parts.payloadHash}`;
}

/**
 * The canonical request straight from the header map: one flat string from one array, instead of a
 * headers block and a template whose intermediate strings are all garbage after the hash (about 1 KiB
 * per signature). Same text as {@link buildCanonicalRequest} over {@link buildCanonicalHeaders}, with
 * `host` as the Host header's value (the signers keep it out of the map).
 */
export function assembleCanonicalRequest(
  method: string,
  canonicalUri: string,
  canonicalQuery: string,
  headers: ReadonlyMap<string, string>,
  host: string,
  names: readonly string[],
  signedHeaders: string,
  payloadHash: string,
): string {
  const parts = new Array<string>(names.length * 4 + 10);
  let i = 0;
  parts[i++] = method;
  parts[i++] = '\n';
  parts[i++] = canonicalUri;
  parts[i++] = '\n';
  parts[i++] = canonicalQuery;
  parts[i++] = '\n';
  for (const name of names) {
    parts[i++] = name;
    parts[i++] = ':';
    parts[i++] = name === 'host' ? host : trimAll(headers.get(name) ?? '');
    parts[i++] = '\n';
  }
  parts[i++] = '\n';
  parts[i++] = signedHeaders;
  parts[i++] = '\n';
  parts[i++] = payloadHash;
  return parts.join('');
}
