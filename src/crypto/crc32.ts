/**
 * Reflected 32-bit CRCs (CRC-32 of zlib/PNG/event streams, CRC-32C of iSCSI/S3) in plain TypeScript,
 * slicing-by-16: sixteen 256-entry tables, the data read four little-endian 32-bit words per step where
 * the view is 4-byte aligned. About as fast as a table CRC gets without CPU instructions (see BENCHMARKS.md).
 * On Node, CRC-32 itself comes from `zlib.crc32` where the runtime has it (chunked/checksum.node.ts).
 */

/** Update function of a CRC: the CRC of everything so far (0 for nothing), then the next bytes; returns the new CRC (unsigned). */
export type CrcUpdate = (crc: number, data: Uint8Array) => number;

type Update = (crc: number, data: Uint8Array, wordReads: boolean) => number;

let crc32Run: Update | undefined;
let crc32cRun: Update | undefined;
// Only little-endian hosts may read the data as 32-bit words (every current JS engine's platform is).
const words = /* @__PURE__ */ (() => new Uint8Array(new Uint32Array([1]).buffer)[0] === 1)();

/** Sixteen 256-entry tables of the reflected `poly` in one array, table k at k * 256. */
function tables(poly: number): Int32Array {
  const t = new Int32Array(16 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    t[n] = c;
  }
  // Table k: the CRC of byte n followed by k zero bytes.
  for (let k = 1; k < 16; k++) {
    for (let n = 0; n < 256; n++) {
      const prev = t[(k - 1) * 256 + n]!;
      t[k * 256 + n] = (prev >>> 8) ^ t[prev & 255]!;
    }
  }
  return t;
}

/**
 * Slicing-by-16 reading single bytes: the path of a big-endian host (none among today's JS engines), shared by
 * both polynomials because its speed matters little. Takes and returns the inverted CRC.
 */
function bytewise(t: Int32Array, c: number, data: Uint8Array): number {
  const n = data.length;
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    c = t[3840 + ((c ^ data[i]!) & 255)]! ^ t[3584 + (((c >>> 8) ^ data[i + 1]!) & 255)]! ^
      t[3328 + (((c >>> 16) ^ data[i + 2]!) & 255)]! ^ t[3072 + ((c >>> 24) ^ data[i + 3]!)]! ^
      t[2816 + data[i + 4]!]! ^ t[2560 + data[i + 5]!]! ^ t[2304 + data[i + 6]!]! ^ t[2048 + data[i + 7]!]! ^
      t[1792 + data[i + 8]!]! ^ t[1536 + data[i + 9]!]! ^ t[1280 + data[i + 10]!]! ^ t[1024 + data[i + 11]!]! ^
      t[768 + data[i + 12]!]! ^ t[512 + data[i + 13]!]! ^ t[256 + data[i + 14]!]! ^ t[data[i + 15]!]!;
  }
  while (i < n) c = t[(c ^ data[i++]!) & 255]! ^ (c >>> 8);
  return c;
}

/*
 * makeCrc32 and makeCrc32c are the same loop, one copy per polynomial, ON PURPOSE: do not merge them into
 * one function parameterised by the polynomial, the table or an offset into a joint table (duplicate-code
 * tools flag the pair; that is expected). Each returns the one closure ever made from its source text, over
 * a `const` table of its own, and V8 specializes a function with a single closure to that closure's
 * context: the table is a constant of known length and every offset below a literal, so the loads need no
 * bounds checks. The shared loop this replaced took the offset as an argument: in bench/crcAB.mjs (3
 * processes x 15 interleaved rounds) it ran at 2.05 GB/s, these copies at 2.17-2.19, the crc-32 package at
 * 2.00-2.08; two closures of one shared source ran at 1.6. The tables are not module-level `const`s
 * because bundlers turn those into `var` (esbuild does), which V8 does not fold.
 */

/** CRC-32 (0xedb88320): fills its tables and returns the update over them. Made once; see above. */
function makeCrc32(): Update {
  const t = tables(0xedb88320);
  return (crc, data, wordReads) => {
    let c = ~crc;
    let i = 0;
    const n = data.length;
    if (!wordReads) return ~bytewise(t, c, data) >>> 0;
    // Bytes up to a 4-byte boundary, then 16 bytes a step as four words, then the rest.
    while (i < n && ((data.byteOffset + i) & 3) !== 0) c = t[(c ^ data[i++]!) & 255]! ^ (c >>> 8);
    const steps = (n - i) >> 4;
    if (steps > 0) {
      const w = new Int32Array(data.buffer, data.byteOffset + i, steps * 4);
      for (let j = 0; j < w.length; j += 4) {
        c ^= w[j]!;
        const w1 = w[j + 1]!;
        const w2 = w[j + 2]!;
        const w3 = w[j + 3]!;
        c = t[3840 + (c & 255)]! ^ t[3584 + ((c >>> 8) & 255)]! ^ t[3328 + ((c >>> 16) & 255)]! ^ t[3072 + (c >>> 24)]! ^
          t[2816 + (w1 & 255)]! ^ t[2560 + ((w1 >>> 8) & 255)]! ^ t[2304 + ((w1 >>> 16) & 255)]! ^ t[2048 + (w1 >>> 24)]! ^
          t[1792 + (w2 & 255)]! ^ t[1536 + ((w2 >>> 8) & 255)]! ^ t[1280 + ((w2 >>> 16) & 255)]! ^ t[1024 + (w2 >>> 24)]! ^
          t[768 + (w3 & 255)]! ^ t[512 + ((w3 >>> 8) & 255)]! ^ t[256 + ((w3 >>> 16) & 255)]! ^ t[w3 >>> 24]!;
      }
      i += steps * 16;
    }
    while (i < n) c = t[(c ^ data[i++]!) & 255]! ^ (c >>> 8);
    return ~c >>> 0;
  };
}

/** CRC-32C (0x82f63b78): the same loop as makeCrc32, over its own tables. Made once; see above. */
function makeCrc32c(): Update {
  const t = tables(0x82f63b78);
  return (crc, data, wordReads) => {
    let c = ~crc;
    let i = 0;
    const n = data.length;
    if (!wordReads) return ~bytewise(t, c, data) >>> 0;
    // Bytes up to a 4-byte boundary, then 16 bytes a step as four words, then the rest.
    while (i < n && ((data.byteOffset + i) & 3) !== 0) c = t[(c ^ data[i++]!) & 255]! ^ (c >>> 8);
    const steps = (n - i) >> 4;
    if (steps > 0) {
      const w = new Int32Array(data.buffer, data.byteOffset + i, steps * 4);
      for (let j = 0; j < w.length; j += 4) {
        c ^= w[j]!;
        const w1 = w[j + 1]!;
        const w2 = w[j + 2]!;
        const w3 = w[j + 3]!;
        c = t[3840 + (c & 255)]! ^ t[3584 + ((c >>> 8) & 255)]! ^ t[3328 + ((c >>> 16) & 255)]! ^ t[3072 + (c >>> 24)]! ^
          t[2816 + (w1 & 255)]! ^ t[2560 + ((w1 >>> 8) & 255)]! ^ t[2304 + ((w1 >>> 16) & 255)]! ^ t[2048 + (w1 >>> 24)]! ^
          t[1792 + (w2 & 255)]! ^ t[1536 + ((w2 >>> 8) & 255)]! ^ t[1280 + ((w2 >>> 16) & 255)]! ^ t[1024 + (w2 >>> 24)]! ^
          t[768 + (w3 & 255)]! ^ t[512 + ((w3 >>> 8) & 255)]! ^ t[256 + ((w3 >>> 16) & 255)]! ^ t[w3 >>> 24]!;
      }
      i += steps * 16;
    }
    while (i < n) c = t[(c ^ data[i++]!) & 255]! ^ (c >>> 8);
    return ~c >>> 0;
  };
}

/**
 * The update function of CRC-32 (`poly` 0xedb88320) or CRC-32C (0x82f63b78), reflected, initial value
 * and final XOR all ones. The tables (16 KiB each) are filled on first use of either. `wordReads` (default: when the
 * host is little-endian) reads the data as 32-bit words; tests also run the byte-wise path a big-endian
 * host takes.
 */
export function crc32Family(poly: 0xedb88320 | 0x82f63b78, wordReads?: boolean): CrcUpdate {
  const reads = wordReads ?? words;
  if (poly === 0xedb88320) return (crc, data) => (crc32Run ??= makeCrc32())(crc, data, reads);
  if (poly === 0x82f63b78) return (crc, data) => (crc32cRun ??= makeCrc32c())(crc, data, reads);
  throw new RangeError('crc32Family: CRC-32 (0xedb88320) or CRC-32C (0x82f63b78) only');
}

/**
 * CRC-32 (ISO-HDLC: zlib, PNG, event-stream prelude and message CRCs), incrementally.
 * @example
 * crc32(0, new TextEncoder().encode('123456789')); // 0xcbf43926
 */
export const crc32: CrcUpdate = /* @__PURE__ */ crc32Family(0xedb88320);
