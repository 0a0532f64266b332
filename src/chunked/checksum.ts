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

function crc(algorithm: 'CRC32' | 'CRC32C', step: (crc: number, data: Uint8Array) => number): Checksum {
  let state = 0;
  return {
    algorithm,
    headerName: checksumHeaderName(algorithm),
    update: (data) => void (state = step(state, data)),
    digest: () => {
      const out = new Uint8Array(4);
      new DataView(out.buffer).setUint32(0, state >>> 0);
      return base64(out);
    },
  };
}

function crc64nvme(): Checksum {
  const state = new Int32Array(2);
  return {
    algorithm: 'CRC64NVME',
    headerName: checksumHeaderName('CRC64NVME'),
    update: (data) => crc64nvmeUpdate(state, data),
    digest: () => {
      const out = new Uint8Array(8);
      const view = new DataView(out.buffer);
      view.setInt32(0, state[1]!);
      view.setInt32(4, state[0]!);
      return base64(out);
    },
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
  if (checked === 'CRC32') return crc(checked, crc32Update);
  if (checked === 'CRC32C') return crc(checked, crc32c);
  if (checked === 'CRC64NVME') return crc64nvme();
  const hash = createHashState(checked === 'SHA1' ? 'sha1' : 'sha256');
  return { algorithm: checked, headerName: checksumHeaderName(checked), update: (data) => hash.update(data), digest: () => base64(hash.digest()) };
}
