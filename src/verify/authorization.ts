/** Reading the `Authorization` header and its parts. Any input gives a value or a failure, never an exception. */
import type { SigningAlgorithm } from '../sigv4/types.js';
import { trimSpaceTab } from '../sigv4/request.js';
import { ALGORITHM } from '../sigv4/stringToSign.js';
import { SIGV4A_ALGORITHM } from '../sigv4a/algorithm.js';
import { isSigV4aSignature, parseSigV4aCredential } from '../sigv4a/verify.js';
import { fail, type Outcome, quote } from './outcome.js';
import type { VerifyFailureCode } from './types.js';

/** The parts of `Credential=` (or `X-Amz-Credential`). SigV4a scopes have no region: `region` is ''. */
export interface CredentialParts {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
}

/** The two algorithms verifyRequest accepts, as a string for messages. */
const ALGORITHMS = new Set<string>([ALGORITHM, SIGV4A_ALGORITHM]);

/** True for `AWS4-HMAC-SHA256` and `AWS4-ECDSA-P256-SHA256`. */
export function isAlgorithm(value: string): value is SigningAlgorithm {
  return ALGORITHMS.has(value);
}

/** What an `AWS4-HMAC-SHA256` or `AWS4-ECDSA-P256-SHA256` Authorization header carries. */
export interface AuthorizationParts {
  readonly algorithm: SigningAlgorithm;
  readonly credential: CredentialParts;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

// Printable ASCII without '/' (the scope separator), as the signer requires of region and service.
const SCOPE_PART = /^[\x21-\x2e\x30-\x7e]+$/;
const ACCESS_KEY_ID = /^[\x21-\x2b\x2d\x2e\x30-\x7e]+$/;
const SCOPE_DATE = /^\d{8}$/;
const HEADER_NAME = /^[a-z0-9!#$%&'*+\-.^_`|~]+$/;
const SIGNATURE = /^[0-9a-f]{64}$/;
const FIELDS = new Set(['Credential', 'SignedHeaders', 'Signature']);

/** `AKID/YYYYMMDD/region/service/aws4_request`, or for SigV4a `AKID/YYYYMMDD/service/aws4_request`. */
export function parseCredential(value: string, code: VerifyFailureCode, algorithm: SigningAlgorithm = ALGORITHM): Outcome<CredentialParts> {
  if (algorithm === SIGV4A_ALGORITHM) {
    const v4a = parseSigV4aCredential(value);
    if (v4a === undefined) return fail(code, `Credential must be keyid/date/service/aws4_request for ${SIGV4A_ALGORITHM}, got ${quote(value)}`);
    return { ...v4a, region: '' };
  }
  const parts = value.split('/');
  if (parts.length !== 5) {
    return fail(code, `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got ${quote(value)}`);
  }
  const [accessKeyId = '', date = '', region = '', service = '', terminator = ''] = parts;
  if (!ACCESS_KEY_ID.test(accessKeyId)) return fail(code, 'Credential has an empty or malformed access key id');
  if (!SCOPE_DATE.test(date)) return fail(code, `Credential date must be YYYYMMDD, got ${quote(date)}`);
  if (!SCOPE_PART.test(region)) return fail(code, `Credential has a malformed region: ${quote(region)}`);
  if (!SCOPE_PART.test(service)) return fail(code, `Credential has a malformed service: ${quote(service)}`);
  if (terminator !== 'aws4_request') {
    return fail(code, `Credential should be scoped with a valid terminator: 'aws4_request', not ${quote(terminator)}`);
  }
  return { accessKeyId, date, region, service };
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

/** Checks the signature's form: 64 lowercase hex characters, or for SigV4a the hex of a DER ECDSA signature. */
export function parseSignature(value: string, code: VerifyFailureCode, algorithm: SigningAlgorithm = ALGORITHM): Outcome<string> {
  if (algorithm === SIGV4A_ALGORITHM) return isSigV4aSignature(value) ? value : fail(code, 'Signature must be the lowercase hex of a DER-encoded ECDSA signature');
  return SIGNATURE.test(value) ? value : fail(code, 'Signature must be 64 lowercase hexadecimal characters');
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
export function parseAuthorization(header: unknown): Outcome<AuthorizationParts> {
  if (typeof header !== 'string') return fail('IncompleteSignature', 'Authorization header must be a single string');
  const value = trimSpaceTab(header);
  const space = value.search(/[ \t]/);
  const algorithm = space < 0 ? value : value.slice(0, space);
  if (!isAlgorithm(algorithm)) {
    return fail('IncompleteSignature', `Unsupported Authorization algorithm ${quote(algorithm, 32)}; only ${ALGORITHM} and ${SIGV4A_ALGORITHM} are accepted`);
  }
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
