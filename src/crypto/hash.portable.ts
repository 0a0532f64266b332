/** Hashing without Node built-ins: `@aws-crypto/sha256-js`, synchronous and pure JavaScript. */
// RawSha256 rather than the package's Sha256: Sha256 reaches `buffer` (through @aws-crypto/util and
// @smithy/util-utf8), which a --platform=neutral bundle cannot resolve, and tslib's async helpers.
// The package is pinned exactly (a deep path is not part of its API). Its CommonJS build loads
// everywhere, natively in Node and Jest as well as in bundlers. HMAC is RFC 2104 on top of it.
import { RawSha256 } from '@aws-crypto/sha256-js/build/main/RawSha256.js';
import { backendFromSha256, type CryptoBackend } from './hash.js';

function sha256(data: Uint8Array): Uint8Array {
  const hash = new RawSha256();
  hash.update(data);
  return hash.digest();
}

/** The portable backend. */
export const backend: CryptoBackend = backendFromSha256(sha256);
