/** Picks the hashing backend: the platform default (`#crypto` export condition) or one built from an injected SHA-256. */
import { backend } from '#crypto';
import { backendFromSha256, type CryptoBackend, type Sha256Function } from './hash.js';

/** `node:crypto` on Node, `@aws-crypto/sha256-js` elsewhere. */
export const defaultCrypto: CryptoBackend = backend;

const injected = new WeakMap<Sha256Function, CryptoBackend>();

/** The backend for `sha256` (cached per function), or the default. */
export function resolveCrypto(sha256: Sha256Function | undefined): CryptoBackend {
  if (sha256 === undefined) return defaultCrypto;
  let found = injected.get(sha256);
  if (found === undefined) injected.set(sha256, (found = backendFromSha256(sha256)));
  return found;
}
