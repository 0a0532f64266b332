/**
 * Reflected 32-bit CRCs (CRC-32 of zlib/PNG/event streams, CRC-32C of iSCSI/S3) in plain TypeScript,
 * slicing-by-16: sixteen 256-entry tables, the data read four little-endian 32-bit words per step where
 * the view is 4-byte aligned. About as fast as a table CRC gets without CPU instructions (see BENCHMARKS.md).
 * On Node, CRC-32 itself comes from `zlib.crc32` where the runtime has it (chunked/checksum.node.ts).
 */

/** Update function of a CRC: the CRC of everything so far (0 for nothing), then the next bytes; returns the new CRC (unsigned). */
export type CrcUpdate = (crc: number, data: Uint8Array) => number;

type Tables = readonly Int32Array[];

// Only little-endian hosts may read the data as 32-bit words (every current JS engine's platform is).
const littleEndian = (): boolean => new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function tables(poly: number): Tables {
  const all = new Int32Array(16 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    all[n] = c;
  }
  // Table k: the CRC of byte n followed by k zero bytes.
  for (let k = 1; k < 16; k++) {
    for (let n = 0; n < 256; n++) {
      const prev = all[(k - 1) * 256 + n]!;
      all[k * 256 + n] = (prev >>> 8) ^ all[prev & 255]!;
    }
  }
  // Separate arrays, each indexed by a byte: measurably faster in V8 than offsets into one array.
  return Array.from({ length: 16 }, (_, k) => all.slice(k * 256, k * 256 + 256));
}

function update(t: Tables, crc: number, data: Uint8Array, words: boolean): number {
  const [t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, ta, tb, tc, td, te, tf] = t as [Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array];
  let c = ~crc;
  let i = 0;
  const n = data.length;
  if (words) {
    // Bytes up to a 4-byte boundary, then 16 bytes a step as words, then the rest.
    while (i < n && ((data.byteOffset + i) & 3) !== 0) c = t0[(c ^ data[i++]!) & 255]! ^ (c >>> 8);
    const steps = (n - i) >> 4;
    if (steps > 0) {
      const w = new Int32Array(data.buffer, data.byteOffset + i, steps * 4);
      for (let j = 0; j < w.length; j += 4) {
        c ^= w[j]!;
        const w1 = w[j + 1]!;
        const w2 = w[j + 2]!;
        const w3 = w[j + 3]!;
        c = tf[c & 255]! ^ te[(c >>> 8) & 255]! ^ td[(c >>> 16) & 255]! ^ tc[c >>> 24]! ^
          tb[w1 & 255]! ^ ta[(w1 >>> 8) & 255]! ^ t9[(w1 >>> 16) & 255]! ^ t8[w1 >>> 24]! ^
          t7[w2 & 255]! ^ t6[(w2 >>> 8) & 255]! ^ t5[(w2 >>> 16) & 255]! ^ t4[w2 >>> 24]! ^
          t3[w3 & 255]! ^ t2[(w3 >>> 8) & 255]! ^ t1[(w3 >>> 16) & 255]! ^ t0[w3 >>> 24]!;
      }
      i += steps * 16;
    }
  } else {
    for (; i + 16 <= n; i += 16) {
      c = tf[(c ^ data[i]!) & 255]! ^ te[((c >>> 8) ^ data[i + 1]!) & 255]! ^ td[((c >>> 16) ^ data[i + 2]!) & 255]! ^ tc[(c >>> 24) ^ data[i + 3]!]! ^
        tb[data[i + 4]!]! ^ ta[data[i + 5]!]! ^ t9[data[i + 6]!]! ^ t8[data[i + 7]!]! ^
        t7[data[i + 8]!]! ^ t6[data[i + 9]!]! ^ t5[data[i + 10]!]! ^ t4[data[i + 11]!]! ^
        t3[data[i + 12]!]! ^ t2[data[i + 13]!]! ^ t1[data[i + 14]!]! ^ t0[data[i + 15]!]!;
    }
  }
  while (i < n) c = t0[(c ^ data[i++]!) & 255]! ^ (c >>> 8);
  return ~c >>> 0;
}

/**
 * The update function of the reflected 32-bit CRC with polynomial `poly` (reflected form), initial
 * value and final XOR all ones (as CRC-32 and CRC-32C). The tables (16 KiB) are built on first use.
 * `wordReads` (default: when the host is little-endian) reads the data as 32-bit words; tests also run
 * the byte-wise path a big-endian host takes.
 */
export function crc32Family(poly: number, wordReads?: boolean): CrcUpdate {
  let t: Tables | undefined;
  let words = false;
  return (crc, data) => {
    if (t === undefined) [t, words] = [tables(poly), wordReads ?? littleEndian()];
    return update(t, crc, data, words);
  };
}

/**
 * CRC-32 (ISO-HDLC: zlib, PNG, event-stream prelude and message CRCs), incrementally.
 * @example
 * crc32(0, new TextEncoder().encode('123456789')); // 0xcbf43926
 */
export const crc32: CrcUpdate = /* @__PURE__ */ crc32Family(0xedb88320);
