/**
 * Trailing checksums of aws-chunked uploads (`x-amz-checksum-*`): CRC32, CRC32C, SHA-1, SHA-256,
 * each sent as base64 of the big-endian digest. Computed incrementally, chunk by chunk.
 * CRCs come from `crc-32` (SheetJS, slicing-by-16, about 15x the throughput of `@aws-crypto/crc32`);
 * SHA-1 / SHA-256 from `node:crypto` or a portable implementation (`#checksum`).
 */
import { createHashState } from '#checksum';
import CRC32 from 'crc-32';
// No "exports" map in crc-32: Node's ESM resolver needs the file extension.
import CRC32C from 'crc-32/crc32c.js';
import { InvalidRequestError } from '../errors.js';

/** A checksum S3 accepts in a trailer. */
export type ChecksumAlgorithm = 'CRC32' | 'CRC32C' | 'SHA1' | 'SHA256';

/** An incremental hash. */
export interface HashState {
  update(data: Uint8Array): void;
  digest(): Uint8Array;
}

/** An incremental checksum with its header name. */
export interface Checksum {
  readonly algorithm: ChecksumAlgorithm;
  /** `x-amz-checksum-crc32`, `x-amz-checksum-crc32c`, `x-amz-checksum-sha1` or `x-amz-checksum-sha256`. */
  readonly headerName: string;
  update(data: Uint8Array): void;
  /** Base64 of the digest of everything passed to `update`. */
  digest(): string;
}

// Base64 lengths of 4-, 20- and 32-byte digests.
const VALUE_LENGTH: Readonly<Record<ChecksumAlgorithm, number>> = { CRC32: 8, CRC32C: 8, SHA1: 28, SHA256: 44 };

/**
 * Validates a checksum algorithm name.
 * @throws {InvalidRequestError} INVALID_OPTION for anything but CRC32, CRC32C, SHA1, SHA256.
 */
export function checkChecksumAlgorithm(value: unknown): ChecksumAlgorithm {
  if (typeof value === 'string' && Object.hasOwn(VALUE_LENGTH, value)) return value as ChecksumAlgorithm;
  throw new InvalidRequestError('INVALID_OPTION', "checksum must be 'CRC32', 'CRC32C', 'SHA1' or 'SHA256'");
}

/** `x-amz-checksum-<algorithm, lowercase>`. */
export function checksumHeaderName(algorithm: ChecksumAlgorithm): string {
  return `x-amz-checksum-${algorithm.toLowerCase()}`;
}

/** The algorithm a `x-amz-checksum-*` header name stands for, if any. */
export function checksumOfHeaderName(name: string): ChecksumAlgorithm | undefined {
  const match = /^x-amz-checksum-(crc32|crc32c|sha1|sha256)$/i.exec(name.trim());
  return match ? (match[1]!.toUpperCase() as ChecksumAlgorithm) : undefined;
}

/** Length of the base64 value, known before any byte is read (for Content-Length). */
export function checksumValueLength(algorithm: ChecksumAlgorithm): number {
  return VALUE_LENGTH[algorithm];
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function crc(algorithm: ChecksumAlgorithm, table: { buf(data: Uint8Array, seed?: number): number }): Checksum {
  let state = 0;
  return {
    algorithm,
    headerName: checksumHeaderName(algorithm),
    update: (data) => void (state = table.buf(data, state)),
    digest: () => {
      const out = new Uint8Array(4);
      new DataView(out.buffer).setUint32(0, state >>> 0);
      return base64(out);
    },
  };
}

/**
 * A fresh incremental checksum.
 * @example
 * const c = createChecksum('CRC32C'); c.update(bytes); c.digest(); // 'sOO8/Q==' for 66560 bytes of 'a'
 */
export function createChecksum(algorithm: ChecksumAlgorithm): Checksum {
  const checked = checkChecksumAlgorithm(algorithm);
  if (checked === 'CRC32') return crc(checked, CRC32);
  if (checked === 'CRC32C') return crc(checked, CRC32C);
  const hash = createHashState(checked === 'SHA1' ? 'sha1' : 'sha256');
  return { algorithm: checked, headerName: checksumHeaderName(checked), update: (data) => hash.update(data), digest: () => base64(hash.digest()) };
}
