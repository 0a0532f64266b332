/** Incremental SHA-1 / SHA-256 and CRC32 for checksums on Node: `node:crypto`, and `zlib.crc32` where the runtime has it. */
import { createHash } from 'node:crypto';
import * as zlib from 'node:zlib';
import { crc32, type CrcUpdate } from '../crypto/crc32.js';
import type { HashState } from './hashState.js';

/** A fresh incremental hash. */
export function createHashState(algorithm: 'sha1' | 'sha256'): HashState {
  const hash = createHash(algorithm);
  return {
    update: (data) => void hash.update(data),
    digest: () => new Uint8Array(hash.digest()),
  };
}

// zlib.crc32 came in Node 20.15 / 22.2 (engines allows 20.12): several times the speed of any table CRC.
const native = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/** CRC32 update: the CRC so far (0 for nothing) and the next bytes. */
export const crc32Update: CrcUpdate = typeof native === 'function' ? (crc, data) => native(data, crc) : crc32;

/** Whether CRC32 is the runtime's own (`zlib.crc32`): then a worker thread gains nothing on it (offload.node.ts). */
export const crc32IsNative = typeof native === 'function';
