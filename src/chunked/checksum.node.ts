/** Incremental SHA-1 / SHA-256 for trailing checksums on Node: `node:crypto`. */
import { createHash } from 'node:crypto';
import type { HashState } from './checksum.js';

/** A fresh incremental hash. */
export function createHashState(algorithm: 'sha1' | 'sha256'): HashState {
  const hash = createHash(algorithm);
  return {
    update: (data) => void hash.update(data),
    digest: () => new Uint8Array(hash.digest()),
  };
}
