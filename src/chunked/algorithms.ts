/**
 * The checksum algorithms S3 accepts, and their validation, apart from the implementations: a caller
 * that only checks a name (createSignedFetch's `s3Checksum` option) must not load the CRC tables and
 * `node:zlib` into every `import 'sigv4-kit'`.
 */
import { InvalidRequestError } from '../errors.js';

/** A checksum S3 accepts in a header or a trailer. */
export type ChecksumAlgorithm = 'CRC32' | 'CRC32C' | 'CRC64NVME' | 'SHA1' | 'SHA256';

/** Base64 lengths of the 4-, 8-, 20- and 32-byte digests. */
export const VALUE_LENGTH: Readonly<Record<ChecksumAlgorithm, number>> = { CRC32: 8, CRC32C: 8, CRC64NVME: 12, SHA1: 28, SHA256: 44 };

/**
 * Validates a checksum algorithm name.
 * @throws {InvalidRequestError} INVALID_OPTION for anything but CRC32, CRC32C, CRC64NVME, SHA1, SHA256.
 */
export function checkChecksumAlgorithm(value: unknown): ChecksumAlgorithm {
  if (typeof value === 'string' && Object.hasOwn(VALUE_LENGTH, value)) return value as ChecksumAlgorithm;
  throw new InvalidRequestError('INVALID_OPTION', "checksum must be 'CRC32', 'CRC32C', 'CRC64NVME', 'SHA1' or 'SHA256'");
}
