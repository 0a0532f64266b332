/**
 * Reflected 32-bit CRCs (CRC-32 of zlib/PNG/event streams, CRC-32C of iSCSI/S3) in plain TypeScript,
 * slicing-by-16: sixteen 256-entry tables, the data read four little-endian 32-bit words per step where
 * the view is 4-byte aligned. About as fast as a table CRC gets without CPU instructions (see BENCHMARKS.md).
 * On Node, CRC-32 itself comes from `zlib.crc32` where the runtime has it (chunked/checksum.node.ts).
 */

/** Update function of a CRC: the CRC of everything so far (0 for nothing), then the next bytes; returns the new CRC (unsigned). */
export type CrcUpdate = (crc: number, data: Uint8Array) => number;

type Update = (base: number, crc: number, data: Uint8Array, wordReads: boolean) => number;

const POLYS = [0xedb88320, 0x82f63b78] as const;
let update: Update | undefined;
let words = false;

/**
 * Fills the tables of both polynomials (CRC-32 at 0, CRC-32C at 4096; 16 tables of 256 entries each) and
 * returns the update function over them. The tables are a `const` the function closes over, and the function
 * is made once: V8 then knows the array (and its length) when it compiles the loop. A module-level binding
 * does not do: bundlers turn top-level `const` into `var` (esbuild does), which V8 cannot fold, and sixteen
 * arrays held in locals ran at half the speed (their base pointers and lengths do not fit in registers).
 */
function makeUpdate(): Update {
  const t = new Int32Array(2 * 16 * 256);
  for (const [slot, poly] of POLYS.entries()) {
    const base = slot * 4096;
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
      t[base + n] = c;
    }
    // Table k: the CRC of byte n followed by k zero bytes.
    for (let k = 1; k < 16; k++) {
      for (let n = 0; n < 256; n++) {
        const prev = t[base + (k - 1) * 256 + n]!;
        t[base + k * 256 + n] = (prev >>> 8) ^ t[base + (prev & 255)]!;
      }
    }
  }
  // Only little-endian hosts may read the data as 32-bit words (every current JS engine's platform is).
  words = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
  return (base, crc, data, wordReads) => {
    let c = ~crc;
    let i = 0;
    const n = data.length;
    if (wordReads) {
      // Bytes up to a 4-byte boundary, then 16 bytes a step as four words, then the rest.
      while (i < n && ((data.byteOffset + i) & 3) !== 0) c = t[base + ((c ^ data[i++]!) & 255)]! ^ (c >>> 8);
      const steps = (n - i) >> 4;
      if (steps > 0) {
        const w = new Int32Array(data.buffer, data.byteOffset + i, steps * 4);
        for (let j = 0; j < w.length; j += 4) {
          c ^= w[j]!;
          const w1 = w[j + 1]!;
          const w2 = w[j + 2]!;
          const w3 = w[j + 3]!;
          c = t[base + 3840 + (c & 255)]! ^ t[base + 3584 + ((c >>> 8) & 255)]! ^ t[base + 3328 + ((c >>> 16) & 255)]! ^ t[base + 3072 + (c >>> 24)]! ^
            t[base + 2816 + (w1 & 255)]! ^ t[base + 2560 + ((w1 >>> 8) & 255)]! ^ t[base + 2304 + ((w1 >>> 16) & 255)]! ^ t[base + 2048 + (w1 >>> 24)]! ^
            t[base + 1792 + (w2 & 255)]! ^ t[base + 1536 + ((w2 >>> 8) & 255)]! ^ t[base + 1280 + ((w2 >>> 16) & 255)]! ^ t[base + 1024 + (w2 >>> 24)]! ^
            t[base + 768 + (w3 & 255)]! ^ t[base + 512 + ((w3 >>> 8) & 255)]! ^ t[base + 256 + ((w3 >>> 16) & 255)]! ^ t[base + (w3 >>> 24)]!;
        }
        i += steps * 16;
      }
    } else {
      for (; i + 16 <= n; i += 16) {
        c = t[base + 3840 + ((c ^ data[i]!) & 255)]! ^ t[base + 3584 + (((c >>> 8) ^ data[i + 1]!) & 255)]! ^
          t[base + 3328 + (((c >>> 16) ^ data[i + 2]!) & 255)]! ^ t[base + 3072 + ((c >>> 24) ^ data[i + 3]!)]! ^
          t[base + 2816 + data[i + 4]!]! ^ t[base + 2560 + data[i + 5]!]! ^ t[base + 2304 + data[i + 6]!]! ^ t[base + 2048 + data[i + 7]!]! ^
          t[base + 1792 + data[i + 8]!]! ^ t[base + 1536 + data[i + 9]!]! ^ t[base + 1280 + data[i + 10]!]! ^ t[base + 1024 + data[i + 11]!]! ^
          t[base + 768 + data[i + 12]!]! ^ t[base + 512 + data[i + 13]!]! ^ t[base + 256 + data[i + 14]!]! ^ t[base + data[i + 15]!]!;
      }
    }
    while (i < n) c = t[base + ((c ^ data[i++]!) & 255)]! ^ (c >>> 8);
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
  const slot = POLYS.indexOf(poly);
  if (slot < 0) throw new RangeError('crc32Family: CRC-32 (0xedb88320) or CRC-32C (0x82f63b78) only');
  const base = slot * 4096;
  return (crc, data) => {
    const run = (update ??= makeUpdate());
    return run(base, crc, data, wordReads ?? words);
  };
}

/**
 * CRC-32 (ISO-HDLC: zlib, PNG, event-stream prelude and message CRCs), incrementally.
 * @example
 * crc32(0, new TextEncoder().encode('123456789')); // 0xcbf43926
 */
export const crc32: CrcUpdate = /* @__PURE__ */ crc32Family(0xedb88320);
