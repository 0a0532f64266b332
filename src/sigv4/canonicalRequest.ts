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

/** What {@link assembleCanonicalRequest} reads: the lines of the canonical request, with the headers still in their map. */
export interface CanonicalRequestInput {
  readonly method: string;
  readonly canonicalUri: string;
  readonly canonicalQuery: string;
  /** Lowercase names to values (repeats merged); `host` is not read from here. */
  readonly headers: ReadonlyMap<string, string>;
  /** The Host header's value. */
  readonly host: string;
  /** The signed header names, sorted. */
  readonly names: readonly string[];
  /** `names` joined by `;`. */
  readonly signedHeaders: string;
  readonly payloadHash: string;
}

/**
 * The canonical request straight from the header map: one flat string from one array, instead of a
 * headers block and a template whose intermediate strings are all garbage after the hash (about 1 KiB
 * per signature). Same text as {@link buildCanonicalRequest} over {@link buildCanonicalHeaders}, with
 * `host` as the Host header's value (the signers keep it out of the map).
 */
export function assembleCanonicalRequest(input: CanonicalRequestInput): string {
  const { method, canonicalUri, canonicalQuery, headers, host, names, signedHeaders, payloadHash } = input;
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
