/**
 * Full-object CRCs from the CRCs of the parts (S3 multipart uploads with `x-amz-checksum-type: FULL_OBJECT`).
 * A CRC is linear over GF(2): for parts A then B, CRC(A‖B) = CRC(A)·x^(8·|B|) mod P ⊕ CRC(B) (with the
 * all-ones initial value and final XOR of CRC32, CRC32C and CRC64NVME cancelling out), as zlib's
 * `crc32_combine` computes it. BigInt here: it runs once per part, never per byte.
 */
import { InvalidRequestError } from '../errors.js';
import { base64, fromBase64 } from '../crypto/base64.js';

/** One part of a multipart upload: its checksum as S3 returns it (base64, big-endian) and its size in bytes. */
export interface ChecksumPart {
  /** Base64 of the part's CRC, as in `x-amz-checksum-crc32` / `-crc32c` / `-crc64nvme` (UploadPart, ListParts). */
  readonly checksum: string;
  /** The part's length in bytes (ListParts' `Size`). */
  readonly size: number;
}

interface Crc {
  readonly name: string;
  readonly width: number;
  /** Reflected polynomial. */
  readonly poly: bigint;
}

const CRC32: Crc = { name: 'CRC32', width: 32, poly: 0xedb88320n };
const CRC32C: Crc = { name: 'CRC32C', width: 32, poly: 0x82f63b78n };
const CRC64NVME: Crc = { name: 'CRC64NVME', width: 64, poly: 0x9a6c9329ac4bc9b5n };

/** a·b mod P, both in reflected form (bit width-1 is x^0). `a` must not be 0. */
function multModP(crc: Crc, a: bigint, b: bigint): bigint {
  let m = 1n << BigInt(crc.width - 1);
  let p = 0n;
  for (;;) {
    if (a & m) {
      p ^= b;
      if ((a & (m - 1n)) === 0n) return p;
    }
    m >>= 1n;
    b = b & 1n ? (b >> 1n) ^ crc.poly : b >> 1n;
  }
}

/** x^(8·bytes) mod P, by squaring. */
function shiftOperator(crc: Crc, bytes: number): bigint {
  let result = 1n << BigInt(crc.width - 1); // x^0
  let square = 1n << BigInt(crc.width - 9); // x^8
  for (let n = BigInt(bytes); n > 0n; n >>= 1n) {
    if (n & 1n) result = multModP(crc, square, result);
    square = multModP(crc, square, square);
  }
  return result;
}

function parse(crc: Crc, part: ChecksumPart, index: number): { value: bigint; size: number } {
  const bytes = part !== null && typeof part === 'object' && typeof part.checksum === 'string' ? fromBase64(part.checksum) : undefined;
  if (bytes === undefined || bytes.length !== crc.width / 8) {
    throw new InvalidRequestError('INVALID_OPTION', `parts[${index}].checksum must be the part's base64 ${crc.name} (${crc.width / 8} bytes), as S3 returns it`);
  }
  if (typeof part.size !== 'number' || !Number.isSafeInteger(part.size) || part.size < 0) {
    throw new InvalidRequestError('INVALID_OPTION', `parts[${index}].size must be the part's length in bytes`);
  }
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return { value, size: part.size };
}

function combine(crc: Crc, parts: readonly ChecksumPart[]): string {
  if (!Array.isArray(parts)) throw new InvalidRequestError('INVALID_OPTION', 'parts must be an array of { checksum, size }, in part order');
  const checked = parts.map((part, i) => parse(crc, part, i));
  let whole = 0n; // the CRC of no bytes
  for (const { value, size } of checked) whole = multModP(crc, shiftOperator(crc, size), whole) ^ value;
  const out = new Uint8Array(crc.width / 8);
  for (let i = out.length - 1; i >= 0; i--, whole >>= 8n) out[i] = Number(whole & 0xffn);
  return base64(out);
}

/**
 * The CRC32 of a whole object from the CRC32s of its parts, in part order (base64 in, base64 out).
 * @example
 * combineCrc32([{ checksum: partOne, size: 5_242_880 }, { checksum: partTwo, size: 1024 }]); // x-amz-checksum-crc32 of the object
 * @throws {InvalidRequestError} INVALID_OPTION for a checksum that is not 4 bytes of base64, or a bad size.
 */
export function combineCrc32(parts: readonly ChecksumPart[]): string {
  return combine(CRC32, parts);
}

/**
 * The CRC32C of a whole object from the CRC32Cs of its parts, in part order (base64 in, base64 out).
 * @example
 * combineCrc32c([{ checksum: partOne, size: 5_242_880 }, { checksum: partTwo, size: 1024 }]); // x-amz-checksum-crc32c of the object
 * @throws {InvalidRequestError} INVALID_OPTION for a checksum that is not 4 bytes of base64, or a bad size.
 */
export function combineCrc32c(parts: readonly ChecksumPart[]): string {
  return combine(CRC32C, parts);
}

/**
 * The CRC64NVME of a whole object from the CRC64NVMEs of its parts, in part order (base64 in, base64
 * out): S3's full-object checksum of a multipart upload (`x-amz-checksum-type: FULL_OBJECT`), which
 * CompleteMultipartUpload accepts and GetObject returns, whatever the part sizes were.
 * @example
 * const parts = [{ checksum: partOne, size: 5_242_880 }, { checksum: partTwo, size: 1024 }];
 * const full = combineCrc64nvme(parts); // send as x-amz-checksum-crc64nvme on CompleteMultipartUpload
 * @throws {InvalidRequestError} INVALID_OPTION for a checksum that is not 8 bytes of base64, or a bad size.
 */
export function combineCrc64nvme(parts: readonly ChecksumPart[]): string {
  return combine(CRC64NVME, parts);
}
