/** Every default of the signer in one place, and the validation of signing parameters. */
import { CredentialsError, InvalidRequestError } from '../errors.js';
import { resolveCrypto } from '../crypto/backend.js';
import type { HeaderSelection } from './canonicalHeaders.js';
import { DEFAULT_UNSIGNED_HEADERS } from './canonicalHeaders.js';
import { checkPayloadHash } from './payloadHash.js';
import { defaultKeyCache, SigningKeyCache } from './signingKey.js';
import { formatAmzDate } from './stringToSign.js';
import type { Credentials, SessionTokenMode, SigningParams } from './types.js';
import { type AlgorithmContext, isSigningAlgorithm, type SigningAlgorithm } from './algorithm.js';
import { SIGV4 } from './hmac.js';
import { isS3Service } from './rules.js';


/** Parameters after validation and defaults; also the context the algorithm's hooks get. */
export interface ResolvedParams extends AlgorithmContext {
  readonly algorithm: SigningAlgorithm;
  readonly isS3: boolean;
  /** What `algorithm.scope` returned. */
  readonly scope: string;
  readonly signingDate: Date;
  readonly normalizePath: boolean;
  readonly doubleEncode: boolean;
  readonly tokenMode: SessionTokenMode;
  readonly contentSha256Header: boolean;
  readonly payloadHash: string | undefined;
  readonly selection: HeaderSelection;
}

// Printable ASCII without '/': these go into the credential scope, which '/' separates.
const SCOPE_PART = /^[\x21-\x2e\x30-\x7e]+$/;
// An access key id goes into "Credential=<id>/..." and must not break that header's syntax.
const ACCESS_KEY_ID = /^[\x21-\x2b\x2d\x2e\x30-\x7e]+$/;
const TOKEN_SAFE = /^[^\r\n\0\u0100-\uffff]+$/;
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const TOKEN_MODES = new Set<SessionTokenMode>(['sign', 'append', 'omit']);

/** Validates `params` (throwing before anything is computed) and fills in the defaults. */
export function resolveParams(params: SigningParams): ResolvedParams {
  if (params === null || typeof params !== 'object') throw new InvalidRequestError('INVALID_OPTION', 'signing params must be an object');
  const service = scopePart(params.service, 'service', 'INVALID_SERVICE');
  const algorithm = resolveAlgorithm(params);
  const region = checkRegion(params.region, algorithm.wildcardRegion === true);
  const signingDate = params.signingDate ?? new Date();
  const amzDate = formatAmzDate(signingDate);
  const credentials = algorithm.checkCredentials ? algorithm.checkCredentials(params.credentials, signingDate) : checkCredentials(params.credentials, signingDate);
  const date = amzDate.slice(0, 8);
  const isS3 = isS3Service(service);
  const tokenMode = params.sessionTokenMode ?? 'sign';
  if (!TOKEN_MODES.has(tokenMode)) throw new InvalidRequestError('INVALID_OPTION', "sessionTokenMode must be 'sign', 'append' or 'omit'");
  if (params.keyCache !== undefined && !(params.keyCache instanceof SigningKeyCache)) {
    throw new InvalidRequestError('INVALID_OPTION', 'keyCache must be a SigningKeyCache');
  }
  if (params.sha256 !== undefined && typeof params.sha256 !== 'function') throw new InvalidRequestError('INVALID_OPTION', 'sha256 must be a function');
  const keyCache = params.keyCache ?? defaultKeyCache;
  // One literal of fixed shape (a spread made this function about 30x slower: dictionary mode); the
  // scope is the algorithm's answer for this very object, so it is filled in right after.
  const resolved = {
    algorithm,
    credentials,
    region,
    service,
    isS3,
    amzDate,
    date,
    scope: '',
    signingDate,
    normalizePath: flag(params.normalizePath, 'normalizePath', !isS3),
    doubleEncode: flag(params.uriEscapePath, 'uriEscapePath', !isS3),
    tokenMode,
    contentSha256Header: flag(params.contentSha256Header, 'contentSha256Header', isS3),
    payloadHash: params.payloadHash === undefined ? undefined : checkPayloadHash(params.payloadHash),
    selection: headerSelection(params),
    crypto: resolveCrypto(params.sha256),
    keyCache,
  };
  resolved.scope = algorithm.scope(resolved);
  return resolved;
}

/** Where a string `algorithm` of 0.x went: the value to import instead. */
const STRING_ALGORITHMS: Readonly<Record<string, string>> = {
  'AWS4-HMAC-SHA256': 'omit algorithm for SigV4 (the default)',
  'AWS4-ECDSA-P256-SHA256': "import { sigv4a } from 'sigv4-kit/sigv4a' and pass algorithm: sigv4a()",
};

/**
 * The `algorithm` option: a {@link SigningAlgorithm} value, SigV4 when absent. Strings are refused
 * with the import that replaces them, so no bundle of the core carries a name-to-variant table.
 */
export function resolveAlgorithm(params: { readonly algorithm?: unknown; readonly regionSet?: unknown }): SigningAlgorithm {
  if (params.regionSet !== undefined) {
    throw new InvalidRequestError('INVALID_OPTION', "regionSet is an option of SigV4a now: import { sigv4a } from 'sigv4-kit/sigv4a' and pass algorithm: sigv4a({ regionSet })");
  }
  const { algorithm } = params;
  if (algorithm === undefined) return SIGV4;
  if (typeof algorithm === 'string') {
    const fix = Object.hasOwn(STRING_ALGORITHMS, algorithm) ? STRING_ALGORITHMS[algorithm] : "omit it for SigV4, or import { sigv4a } from 'sigv4-kit/sigv4a' and pass algorithm: sigv4a()";
    throw new InvalidRequestError('INVALID_OPTION', `algorithm takes a value, not a string: ${fix}`);
  }
  if (!isSigningAlgorithm(algorithm)) {
    // Short: these messages are in every signRequest bundle (the size ceiling).
    throw new InvalidRequestError('INVALID_OPTION', (algorithm as SigningAlgorithm | null)?.signerAsync ? 'algorithm signs asynchronously: use signRequestAsync' : "algorithm must be a SigningAlgorithm value, such as sigv4a() from 'sigv4-kit/sigv4a'");
  }
  return algorithm;
}

function scopePart(value: unknown, field: string, code: 'INVALID_REGION' | 'INVALID_SERVICE'): string {
  if (typeof value !== 'string' || !SCOPE_PART.test(value)) {
    throw new InvalidRequestError(code, `${field} must be a non-empty string of printable ASCII without "/"`);
  }
  return value;
}

// AWS refuses any other region in a scope ('US-EAST-1' included); '*' is a SigV4a region set.
const REGION = /^[a-z0-9-]+$/;

function checkRegion(value: unknown, v4a: boolean): string {
  if (typeof value === 'string' && (REGION.test(value) || (v4a && value === '*'))) return value;
  throw new InvalidRequestError('INVALID_REGION', 'region must be lowercase letters, digits and "-", e.g. us-east-1');
}

function flag(value: unknown, field: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new InvalidRequestError('INVALID_OPTION', `${field} must be a boolean`);
  return value;
}

function headerNames(value: unknown, field: string): Set<string> | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((n) => typeof n === 'string' && HEADER_NAME.test(n))) {
    throw new InvalidRequestError('INVALID_OPTION', `${field} must be an array of header names`);
  }
  return new Set((value as string[]).map((n) => n.toLowerCase()));
}

const DEFAULT_SELECTION: HeaderSelection = { unsigned: DEFAULT_UNSIGNED_HEADERS, only: undefined };

function headerSelection(params: SigningParams): HeaderSelection {
  if (params.unsignedHeaders === undefined && params.signedHeaders === undefined) return DEFAULT_SELECTION;
  const extra = headerNames(params.unsignedHeaders, 'unsignedHeaders');
  // A name in both lists is signed: signedHeaders wins, as in @smithy/signature-v4 (selectSignedHeaders
  // checks `only` alone when it is given).
  const only = headerNames(params.signedHeaders, 'signedHeaders');
  return { unsigned: extra ? new Set([...DEFAULT_UNSIGNED_HEADERS, ...extra]) : DEFAULT_UNSIGNED_HEADERS, only };
}

/** Checks the credential fields without ever putting their values in a message. */
export function checkCredentials(credentials: unknown, at: Date): Credentials {
  if (typeof credentials === 'function') throw new CredentialsError('INVALID_CREDENTIALS', 'credentials is a provider: await it, or use createSigner');
  if (credentials === null || typeof credentials !== 'object') {
    throw new CredentialsError('INVALID_CREDENTIALS', 'credentials must be an object with accessKeyId and secretAccessKey');
  }
  const c = credentials as Record<string, unknown>;
  if (typeof c['accessKeyId'] !== 'string' || !ACCESS_KEY_ID.test(c['accessKeyId'])) {
    throw new CredentialsError('INVALID_CREDENTIALS', 'credentials.accessKeyId must be a non-empty string of printable ASCII without "/" or ","');
  }
  if (typeof c['secretAccessKey'] !== 'string' || c['secretAccessKey'] === '') {
    throw new CredentialsError('INVALID_CREDENTIALS', 'credentials.secretAccessKey must be a non-empty string');
  }
  const token = c['sessionToken'];
  if (token !== undefined && (typeof token !== 'string' || !TOKEN_SAFE.test(token))) {
    throw new CredentialsError('INVALID_CREDENTIALS', 'credentials.sessionToken must be a non-empty string without CR, LF or NUL');
  }
  const expiration = c['expiration'];
  if (expiration !== undefined) {
    if (!(expiration instanceof Date) || Number.isNaN(expiration.getTime())) {
      throw new CredentialsError('INVALID_CREDENTIALS', 'credentials.expiration must be a valid Date');
    }
    if (expiration.getTime() <= at.getTime()) {
      throw new CredentialsError('CREDENTIALS_EXPIRED', `credentials expired at ${expiration.toISOString()}, before the signing date`);
    }
  }
  return credentials as Credentials;
}
