/** SigV4 step 1a: the canonical URI (path) from the wire path. */
import { canonicalizeWire, uriEncode } from './encoding.js';

/** How to derive the canonical path. */
export interface PathRules {
  /** Remove `.`, `..` and empty segments first (every service but S3). */
  readonly normalize: boolean;
  /** true: encode the wire path once more (`%` becomes `%25`); false: decode and encode once (S3). */
  readonly doubleEncode: boolean;
}

/**
 * Segment-wise normalization as AWS's own signers do it (smithy, botocore): empty and `.` segments
 * are dropped, `..` pops one; the result keeps a trailing `/` only when the input ended in `/`
 * (so `/a/.` and `/a/b/..` end without one, unlike RFC 3986's remove_dot_segments).
 */
export function normalizePath(path: string): string {
  if (!path.includes('//') && !path.includes('/.')) return path;
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && path.endsWith('/') ? '/' : '';
  return `/${segments.join('/')}${trailing}`;
}

/** The canonical URI for a wire path (`/`-rooted, possibly containing `%XX`, spaces or raw UTF-8). */
export function buildCanonicalUri(wirePath: string, rules: PathRules): string {
  const path = rules.normalize ? normalizePath(wirePath) : wirePath;
  if (path === '') return '/';
  return rules.doubleEncode ? uriEncode(path, true) : canonicalizeWire(path, true);
}
