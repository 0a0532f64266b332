/** Reading the `X-Amz-*` parameters of a presigned URL (query authentication). */
import type { EncodedPair } from '../sigv4/canonicalQuery.js';
import { MAX_PRESIGN_EXPIRES } from '../sigv4/presign.js';
import type { SigningAlgorithm } from '../sigv4/algorithm.js';
import { type AcceptedAlgorithms, type CredentialParts, parseCredential, parseSignature, parseSignedHeaders, unsupportedAlgorithm } from './authorization.js';
import { fail, isFailure, type Outcome, quote } from './outcome.js';

/** What a presigned URL's query carries. */
export interface PresignParts {
  readonly algorithm: SigningAlgorithm;
  readonly credential: CredentialParts;
  /** The algorithm's signed parameters (SigV4a: `X-Amz-Region-Set`), by header name. */
  readonly parameters: ReadonlyMap<string, string>;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
  readonly amzDate: string;
  readonly expiresIn: number;
  readonly sessionToken: string | undefined;
  /** The query pairs the signature covers (everything but `X-Amz-Signature`). */
  readonly signedPairs: readonly EncodedPair[];
}

const CODE = 'AuthorizationQueryParametersError';
const REQUIRED = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature'] as const;
const AUTH_NAMES: ReadonlySet<string> = new Set<string>([...REQUIRED, 'X-Amz-Security-Token']);
const NO_PARAMETERS: ReadonlyMap<string, string> = new Map();
const EXPIRES = /^\d{1,7}$/;

/** True when the query carries any presigning parameter (the request means query authentication). */
export function hasPresignParams(pairs: readonly EncodedPair[]): boolean {
  return pairs.some(([name]) => name === 'X-Amz-Algorithm' || name === 'X-Amz-Credential' || name === 'X-Amz-Signature');
}

function decode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined; // %XX escapes that are not UTF-8
  }
}

/** The decoded value of each authentication parameter; each may appear once. */
function collect(pairs: readonly EncodedPair[], names: ReadonlySet<string>): Outcome<Map<string, string>> {
  const found = new Map<string, string>();
  for (const [name, value] of pairs) {
    if (!names.has(name)) continue;
    if (found.has(name)) return fail(CODE, `${name} must appear only once`);
    const decoded = decode(value);
    if (decoded === undefined) return fail(CODE, `${name} is not valid percent-encoded UTF-8`);
    found.set(name, decoded);
  }
  for (const name of REQUIRED) {
    if (!found.has(name)) {
      return fail(CODE, 'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.');
    }
  }
  return found;
}

function parseExpires(value: string): Outcome<number> {
  if (!EXPIRES.test(value)) return fail(CODE, `X-Amz-Expires must be a whole number of seconds, got ${quote(value)}`);
  const seconds = Number(value);
  if (seconds > MAX_PRESIGN_EXPIRES) {
    return fail(CODE, `X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than ${MAX_PRESIGN_EXPIRES} seconds`);
  }
  return seconds;
}

/**
 * Reads and checks the presigning parameters. `appendedToken`: the token was added after signing
 * (AWS IoT), so it is not part of the signed query.
 */
export function parsePresignQuery(pairs: readonly EncodedPair[], appendedToken: boolean, accepted: AcceptedAlgorithms): Outcome<PresignParts> {
  const first = collect(pairs, AUTH_NAMES);
  if (isFailure(first)) return first;
  const name = first.get('X-Amz-Algorithm')!;
  const algorithm = accepted.get(name);
  if (algorithm === undefined) return fail(CODE, `X-Amz-Algorithm: ${unsupportedAlgorithm(name, accepted)}`);
  const extra = algorithm.verifier?.parameters ?? [];
  const found = extra.length === 0 ? first : collect(pairs, new Set([...AUTH_NAMES, ...extra.map((p) => p.query)]));
  if (isFailure(found)) return found;
  const parameters = parametersOf(algorithm, found);
  if (typeof parameters === 'string') return fail(CODE, parameters);
  const credential = parseCredential(found.get('X-Amz-Credential')!, CODE, algorithm);
  if (isFailure(credential)) return credential;
  const withKey = { accessKeyId: credential.accessKeyId };
  const signedHeaders = parseSignedHeaders(found.get('X-Amz-SignedHeaders')!, CODE);
  if (isFailure(signedHeaders)) return { ...signedHeaders, ...withKey };
  const signature = parseSignature(found.get('X-Amz-Signature')!, CODE, algorithm);
  if (isFailure(signature)) return { ...signature, ...withKey };
  const expiresIn = parseExpires(found.get('X-Amz-Expires')!);
  if (isFailure(expiresIn)) return { ...expiresIn, ...withKey };
  const signedPairs = pairs.filter(([name]) => name !== 'X-Amz-Signature' && !(appendedToken && name === 'X-Amz-Security-Token'));
  return {
    algorithm, credential, signedHeaders, signature, expiresIn, signedPairs,
    parameters,
    amzDate: found.get('X-Amz-Date')!,
    sessionToken: found.get('X-Amz-Security-Token'),
  };
}

/** The algorithm's signed parameters from the query, by header name, or what is missing. */
function parametersOf(algorithm: SigningAlgorithm, found: ReadonlyMap<string, string>): ReadonlyMap<string, string> | string {
  const wanted = algorithm.verifier?.parameters;
  if (wanted === undefined || wanted.length === 0) return NO_PARAMETERS;
  const parameters = new Map<string, string>();
  for (const { header, query } of wanted) {
    const value = found.get(query);
    if (!value) return `${algorithm.name} requires the ${query} parameter`;
    parameters.set(header, value);
  }
  return parameters;
}
