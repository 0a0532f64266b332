/**
 * The CRC checksums as steps over a state that is one 64-bit number: what lets a CRC move to another
 * thread mid-stream (chunked/offload.node.ts). No subpath import (`#checksum`) here: the worker thread
 * (chunked/checksumWorker.ts) loads this file as a plain module and passes its own CRC32.
 */
import { base64 } from '../crypto/base64.js';
import { crc32Family, type CrcUpdate } from '../crypto/crc32.js';
import type { ChecksumAlgorithm } from './algorithms.js';
import { crc64nvmeUpdate } from './crc64nvme.js';

/** The checksums whose whole running state is one CRC: it can be handed to another thread and continued there. */
export type CrcAlgorithm = 'CRC32' | 'CRC32C' | 'CRC64NVME';

/** Whether `algorithm` is a CRC (its state a {@link CrcState}). */
export function isCrc(algorithm: ChecksumAlgorithm): algorithm is CrcAlgorithm {
  return algorithm === 'CRC32' || algorithm === 'CRC32C' || algorithm === 'CRC64NVME';
}

/** The CRC so far as `[low 32 bits, high 32 bits]` (the high half 0 for the 32-bit CRCs); `[0, 0]` for nothing. */
export type CrcState = Int32Array;

/** Feeds bytes to a {@link CrcState} in place. */
export type CrcStep = (state: CrcState, data: Uint8Array) => void;

const crc32c = /* @__PURE__ */ crc32Family(0x82f63b78);

/** The step function of a CRC, CRC32 computed by `crc32`. */
export function makeCrcStep(algorithm: CrcAlgorithm, crc32: CrcUpdate): CrcStep {
  if (algorithm === 'CRC64NVME') return crc64nvmeUpdate;
  const update = algorithm === 'CRC32' ? crc32 : crc32c;
  return (state, data) => void (state[0] = update(state[0]! >>> 0, data));
}

/** Base64 of a CRC state's big-endian digest: 4 bytes for CRC32 and CRC32C, 8 for CRC64NVME. */
export function crcDigest(algorithm: CrcAlgorithm, state: CrcState): string {
  const wide = algorithm === 'CRC64NVME';
  const out = new Uint8Array(wide ? 8 : 4);
  const view = new DataView(out.buffer);
  if (wide) view.setInt32(0, state[1]!);
  view.setInt32(wide ? 4 : 0, state[0]!);
  return base64(out);
}
