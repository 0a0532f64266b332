/**
 * Checksums of S3 uploads (`x-amz-checksum-*`, as a header or an aws-chunked trailer): CRC32, CRC32C,
 * CRC64NVME, SHA-1, SHA-256, each sent as base64 of the big-endian digest. Computed incrementally, chunk by
 * chunk. CRC32 is `zlib.crc32` on Node where the runtime has it, else (like CRC32C and CRC64NVME) a
 * slicing table implementation in plain TypeScript; SHA-1 / SHA-256 come from `node:crypto` or a portable
 * implementation (`#checksum`).
 */
import { crc32Update, createHashState } from '#checksum';
import { base64 } from '../crypto/base64.js';
import { crc32Family } from '../crypto/crc32.js';
import { type ChecksumAlgorithm, checkChecksumAlgorithm, VALUE_LENGTH } from './algorithms.js';
import { crc64nvmeUpdate } from './crc64nvme.js';

export { type ChecksumAlgorithm, checkChecksumAlgorithm } from './algorithms.js';

export type { HashState } from './hashState.js';

/** An incremental checksum with its header name. */
export interface Checksum {
  readonly algorithm: ChecksumAlgorithm;
  /** `x-amz-checksum-crc32`, `-crc32c`, `-crc64nvme`, `-sha1` or `-sha256`. */
  readonly headerName: string;
  update(data: Uint8Array): void;
  /** Base64 of the digest of everything passed to `update`. */
  digest(): string;
}

/** The trailer names S3 accepts, for error messages. */
export const TRAILER_NAMES = 'x-amz-checksum-crc32, -crc32c, -crc64nvme, -sha1 or -sha256';

/** `x-amz-checksum-<algorithm, lowercase>`. */
export function checksumHeaderName(algorithm: ChecksumAlgorithm): string {
  return `x-amz-checksum-${algorithm.toLowerCase()}`;
}

/** The algorithm a `x-amz-checksum-*` header name stands for, if any. */
export function checksumOfHeaderName(name: string): ChecksumAlgorithm | undefined {
  const match = /^x-amz-checksum-(crc32|crc32c|crc64nvme|sha1|sha256)$/i.exec(name.trim());
  return match ? (match[1]!.toUpperCase() as ChecksumAlgorithm) : undefined;
}

/** Length of the base64 value, known before any byte is read (for Content-Length). */
export function checksumValueLength(algorithm: ChecksumAlgorithm): number {
  return VALUE_LENGTH[algorithm];
}

const crc32c = /* @__PURE__ */ crc32Family(0x82f63b78);

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

/** The step function of a CRC. */
export function crcStep(algorithm: CrcAlgorithm): CrcStep {
  if (algorithm === 'CRC64NVME') return crc64nvmeUpdate;
  const update = algorithm === 'CRC32' ? crc32Update : crc32c;
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

function crc(algorithm: CrcAlgorithm): Checksum {
  const state: CrcState = new Int32Array(2);
  const step = crcStep(algorithm);
  return {
    algorithm,
    headerName: checksumHeaderName(algorithm),
    update: (data) => step(state, data),
    digest: () => crcDigest(algorithm, state),
  };
}

/**
 * A fresh incremental checksum, for an `x-amz-checksum-*` header or trailer. CRC64NVME is S3's full-object
 * checksum: the CRC of the whole object whatever the part sizes, so a multipart upload's value follows from
 * the parts' ({@link combineCrc64nvme}); CRC32 and CRC32C combine the same way.
 * @example
 * const c = createChecksum('CRC64NVME'); c.update(bytes); c.digest(); // 'rosUhgp5mIg=' for '123456789'
 */
export function createChecksum(algorithm: ChecksumAlgorithm): Checksum {
  const checked = checkChecksumAlgorithm(algorithm);
  if (isCrc(checked)) return crc(checked);
  const hash = createHashState(checked === 'SHA1' ? 'sha1' : 'sha256');
  return { algorithm: checked, headerName: checksumHeaderName(checked), update: (data) => hash.update(data), digest: () => base64(hash.digest()) };
}
