/** Hashing without Node built-ins: `@aws-crypto/sha256-js`, synchronous and pure JavaScript. */
import { Sha256 } from '@aws-crypto/sha256-js';
import { type CryptoBackend, toHex, utf8 } from './crypto.js';

function sha256(data: Uint8Array, key?: Uint8Array | string): Uint8Array {
  const hash = key === undefined ? new Sha256() : new Sha256(key);
  hash.update(data);
  return hash.digestSync();
}

const bytes = (data: string | Uint8Array): Uint8Array => (typeof data === 'string' ? utf8(data) : data);

/** The portable backend. */
export const backend: CryptoBackend = {
  sha256Hex: (data) => toHex(sha256(bytes(data))),
  hmac: (key, data) => sha256(utf8(data), key),
  hmacHexSigner: (key) => (data) => toHex(sha256(utf8(data), key)),
};
