/**
 * Checksums of S3 uploads (`x-amz-checksum-*`, as a header or an aws-chunked trailer): CRC32, CRC32C,
 * CRC64NVME, SHA-1, SHA-256, each sent as base64 of the big-endian digest. Computed incrementally, chunk by
 * chunk. CRC32 is `zlib.crc32` on Node where the runtime has it, else (like CRC32C and CRC64NVME) a
 * slicing table implementation in plain TypeScript; SHA-1 / SHA-256 come from `node:crypto` or a portable
 * implementation (`#checksum`).
 */
import { crc32Update, createHashState } from '#checksum';
import { base64 } from '../crypto/base64.js';
import { type ChecksumAlgorithm, checkChecksumAlgorithm, VALUE_LENGTH } from './algorithms.js';
import { type CrcAlgorithm, crcDigest, type CrcState, type CrcStep, isCrc, makeCrcStep } from './crcStep.js';

export { type ChecksumAlgorithm, checkChecksumAlgorithm } from './algorithms.js';

export type { HashState } from './hashState.js';
export { type CrcAlgorithm, crcDigest, type CrcState, type CrcStep, isCrc } from './crcStep.js';

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

/** The step function of a CRC: CRC32 through `#checksum` (`zlib.crc32` on Node where the runtime has it). */
export function crcStep(algorithm: CrcAlgorithm): CrcStep {
  return makeCrcStep(algorithm, crc32Update);
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
