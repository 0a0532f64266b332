/** Validation and defaults of {@link VerifyOptions}: a bad option is the server's bug, so it throws. */
import { InvalidRequestError } from '../errors.js';
import { resolveCrypto } from '../crypto/backend.js';
import type { CryptoBackend } from '../crypto/hash.js';
import { isSigningAlgorithm, type SigningAlgorithm } from '../sigv4/algorithm.js';
import { SIGV4_VERIFIED } from './sigv4.js';
import { defaultKeyCache, SigningKeyCache } from '../sigv4/signingKey.js';
import type { VerifyOptions } from './types.js';

/** Options after validation and defaults. */
export interface VerifySettings {
  readonly getCredentials: VerifyOptions['getCredentials'];
  readonly now: Date;
  readonly maxSkewSeconds: number;
  readonly regions: ReadonlySet<string> | undefined;
  readonly services: ReadonlySet<string> | undefined;
  /** Lowercase. */
  readonly hosts: ReadonlySet<string> | undefined;
  readonly normalizePath: boolean | undefined;
  readonly uriEscapePath: boolean | undefined;
  readonly appendedToken: boolean;
  readonly keyCache: SigningKeyCache;
  readonly crypto: CryptoBackend;
  /** The accepted algorithms by name: SigV4 and the listed ones. */
  readonly algorithms: ReadonlyMap<string, SigningAlgorithm>;
}

const SIGV4_ONLY: ReadonlyMap<string, SigningAlgorithm> = new Map([[SIGV4_VERIFIED.name, SIGV4_VERIFIED]]);

function acceptedAlgorithms(value: unknown): ReadonlyMap<string, SigningAlgorithm> {
  if (value === undefined) return SIGV4_ONLY;
  if (!Array.isArray(value)) throw bad("algorithms must be an array of algorithm values, e.g. [sigv4a()] from 'sigv4-kit/sigv4a'");
  const map = new Map(SIGV4_ONLY);
  for (const algorithm of value as unknown[]) {
    if (typeof algorithm === 'string') throw bad(`algorithms takes values, not strings: import { sigv4a } from 'sigv4-kit/sigv4a' and list sigv4a()`);
    if (!isSigningAlgorithm(algorithm)) throw bad("algorithms must list algorithm values, e.g. sigv4a() from 'sigv4-kit/sigv4a'");
    // SigV4 itself (SIGV4, which carries no verifier) is always accepted, with the verifier of verify/sigv4.ts.
    if (algorithm.name === SIGV4_VERIFIED.name) continue;
    if (algorithm.verifier === undefined) throw bad(`algorithms: ${algorithm.name} has no verifier, so verifyRequest cannot check it`);
    map.set(algorithm.name, algorithm);
  }
  return map;
}

const DEFAULT_MAX_SKEW = 300;
// A week: beyond it a "skew" is no clock error, and dates +- the window stay printable.
const MAX_SKEW = 604_800;

// Year 9999 less the widest window, so every date printed in a message is a valid X-Amz-Date.
const LATEST_NOW = 253402300799999 - MAX_SKEW * 1000;

const bad = (message: string): InvalidRequestError => new InvalidRequestError('INVALID_OPTION', message);

function nameSet(value: unknown, field: string): ReadonlySet<string> | undefined {
  if (value === undefined) return undefined;
  const items: unknown[] = value instanceof Set ? [...(value as Set<unknown>)] : Array.isArray(value) ? value : [null];
  if (!items.every((v) => typeof v === 'string')) throw bad(`${field} must be a Set or an array of strings`);
  return new Set(items as string[]);
}

function lowerSet(names: ReadonlySet<string> | undefined): ReadonlySet<string> | undefined {
  return names === undefined ? undefined : new Set([...names].map((name) => name.toLowerCase()));
}

function optionalFlag(value: unknown, field: string): boolean | undefined {
  if (value !== undefined && typeof value !== 'boolean') throw bad(`${field} must be a boolean`);
  return value;
}

/**
 * @throws {InvalidRequestError} INVALID_OPTION for a missing `getCredentials`, an invalid `now`, a
 *   `maxSkewSeconds` outside 0..604800, or an option of the wrong type.
 */
export function resolveVerifySettings(options: VerifyOptions): VerifySettings {
  if (options === null || typeof options !== 'object') throw bad('verify options must be an object');
  if (typeof options.getCredentials !== 'function') throw bad('getCredentials must be a function (accessKeyId) => credentials | undefined');
  const now = options.now ?? new Date();
  const time = now instanceof Date ? now.getTime() : Number.NaN;
  if (!(time >= 0 && time <= LATEST_NOW)) {
    throw bad('now must be a valid Date between 1970 and 9999');
  }
  const maxSkewSeconds = options.maxSkewSeconds ?? DEFAULT_MAX_SKEW;
  if (typeof maxSkewSeconds !== 'number' || !Number.isFinite(maxSkewSeconds) || maxSkewSeconds < 0 || maxSkewSeconds > MAX_SKEW) {
    throw bad(`maxSkewSeconds must be a number of seconds from 0 to ${MAX_SKEW}`);
  }
  const mode = options.sessionTokenMode ?? 'sign';
  if (mode !== 'sign' && mode !== 'append') throw bad("sessionTokenMode must be 'sign' or 'append'");
  if (options.keyCache !== undefined && !(options.keyCache instanceof SigningKeyCache)) throw bad('keyCache must be a SigningKeyCache');
  if (options.sha256 !== undefined && typeof options.sha256 !== 'function') throw bad('sha256 must be a function');
  return {
    getCredentials: options.getCredentials,
    now,
    maxSkewSeconds,
    regions: nameSet(options.regions, 'regions'),
    services: nameSet(options.services, 'services'),
    hosts: lowerSet(nameSet(options.hosts, 'hosts')),
    normalizePath: optionalFlag(options.normalizePath, 'normalizePath'),
    uriEscapePath: optionalFlag(options.uriEscapePath, 'uriEscapePath'),
    appendedToken: mode === 'append',
    keyCache: options.keyCache ?? defaultKeyCache,
    crypto: resolveCrypto(options.sha256),
    algorithms: acceptedAlgorithms(options.algorithms),
  };
}
