/** Reading the `Authorization` header and its parts. Any input gives a value or a failure, never an exception. */
import type { ParsedCredential, SigningAlgorithm } from '../sigv4/algorithm.js';
import { trimSpaceTab } from '../sigv4/request.js';
import { SIGV4_VERIFIED as SIGV4 } from './sigv4.js';
import { fail, type Outcome, quote } from './outcome.js';
import type { VerifyFailureCode } from './types.js';

/** The parts of `Credential=` (or `X-Amz-Credential`). Region-less scopes (SigV4a) have `region` ''. */
export type CredentialParts = ParsedCredential;

/** The accepted algorithms by name: SigV4 always, the others as listed in `algorithms`. */
export type AcceptedAlgorithms = ReadonlyMap<string, SigningAlgorithm>;

/** Why `name` is not accepted, naming what is (and how to accept SigV4a). */
export function unsupportedAlgorithm(name: string, accepted: AcceptedAlgorithms): string {
  const names = [...accepted.keys()];
  const hint = names.includes('AWS4-ECDSA-P256-SHA256') ? '' : " (list sigv4a() from 'sigv4-kit/sigv4a' in the algorithms option to accept AWS4-ECDSA-P256-SHA256)";
  return `${quote(name, 32)} is not an accepted algorithm; accepted: ${names.join(', ')}${hint}`;
}

/** What an Authorization header carries. */
export interface AuthorizationParts {
  readonly algorithm: SigningAlgorithm;
  readonly credential: CredentialParts;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

const HEADER_NAME = /^[a-z0-9!#$%&'*+\-.^_`|~]+$/;
const FIELDS = new Set(['Credential', 'SignedHeaders', 'Signature']);

/** The credential parts by the algorithm's own rules (`keyid/date/region/service/aws4_request` for SigV4). */
export function parseCredential(value: string, code: VerifyFailureCode, algorithm: SigningAlgorithm = SIGV4): Outcome<CredentialParts> {
  const parts = algorithm.verifier!.parseCredential(value);
  return typeof parts === 'string' ? fail(code, parts) : parts;
}

/**
 * `a;b;c`: lowercase header names, sorted, each once. Signers always send them so; a list in any
 * other form is refused rather than reinterpreted.
 */
export function parseSignedHeaders(value: string, code: VerifyFailureCode): Outcome<string[]> {
  const names = value.split(';');
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    if (!HEADER_NAME.test(name)) return fail(code, `SignedHeaders must be lowercase header names separated by ';', got ${quote(value)}`);
    if (i > 0 && names[i - 1]! >= name) return fail(code, `SignedHeaders must be sorted and without repeats, got ${quote(value)}`);
  }
  return names;
}

/** Checks the signature's form by the algorithm's rules (64 lowercase hex characters for SigV4). */
export function parseSignature(value: string, code: VerifyFailureCode, algorithm: SigningAlgorithm = SIGV4): Outcome<string> {
  if (algorithm.verifier!.isSignature(value)) return value;
  return fail(code, algorithm === SIGV4 ? 'Signature must be 64 lowercase hexadecimal characters' : `Signature does not have the form of an ${algorithm.name} signature`);
}

/** Splits `Credential=..., SignedHeaders=..., Signature=...` into its three fields. */
function splitFields(rest: string): Outcome<Map<string, string>> {
  const fields = new Map<string, string>();
  for (const piece of rest.split(',')) {
    const field = trimSpaceTab(piece);
    const eq = field.indexOf('=');
    const key = eq < 0 ? field : field.slice(0, eq);
    const value = eq < 0 ? '' : field.slice(eq + 1);
    if (!FIELDS.has(key)) return fail('IncompleteSignature', `Authorization header has an unexpected element ${quote(key, 32)}`);
    if (fields.has(key)) return fail('IncompleteSignature', `Authorization header has more than one ${key} element`);
    if (value === '' || /[\s]/.test(value)) return fail('IncompleteSignature', `Authorization header requires a ${key} value without spaces`);
    fields.set(key, value);
  }
  for (const key of FIELDS) {
    if (!fields.has(key)) return fail('IncompleteSignature', `Authorization header requires '${key}' parameter`);
  }
  return fields;
}

/** Reads an Authorization header value of any shape. */
export function parseAuthorization(header: unknown, accepted: AcceptedAlgorithms): Outcome<AuthorizationParts> {
  if (typeof header !== 'string') return fail('IncompleteSignature', 'Authorization header must be a single string');
  const value = trimSpaceTab(header);
  const space = value.search(/[ \t]/);
  const name = space < 0 ? value : value.slice(0, space);
  const algorithm = accepted.get(name);
  if (algorithm === undefined) return fail('IncompleteSignature', `Unsupported Authorization algorithm: ${unsupportedAlgorithm(name, accepted)}`);
  const fields = splitFields(space < 0 ? '' : value.slice(space + 1));
  if (fields instanceof Map) {
    const credential = parseCredential(fields.get('Credential')!, 'IncompleteSignature', algorithm);
    if ('valid' in credential) return credential;
    const signedHeaders = parseSignedHeaders(fields.get('SignedHeaders')!, 'IncompleteSignature');
    if (!Array.isArray(signedHeaders)) return { ...signedHeaders, accessKeyId: credential.accessKeyId };
    const signature = parseSignature(fields.get('Signature')!, 'IncompleteSignature', algorithm);
    if (typeof signature !== 'string') return { ...signature, accessKeyId: credential.accessKeyId };
    return { algorithm, credential, signedHeaders, signature };
  }
  return fields;
}
