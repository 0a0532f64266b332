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

type Tables = readonly [Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array,
  Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array];

/** The sixteen 256-entry tables of the reflected `poly`; table k holds the CRC of byte n followed by k zero bytes. */
function tables(poly: number): Tables {
  const t = [new Int32Array(256)];
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    t[0]![n] = c;
  }
  for (let k = 1; k < 16; k++) t.push(t[k - 1]!.map((prev) => (prev >>> 8) ^ t[0]![prev & 255]!));
  return t as unknown as Tables;
}

/**
 * Slicing-by-16 reading single bytes: the path of a big-endian host (none among today's JS engines), shared by
 * both polynomials because its speed matters little. Takes and returns the inverted CRC.
 */
function bytewise(t: readonly Int32Array[], c: number, data: Uint8Array): number {
  const n = data.length;
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    let x = 0;
    for (let k = 4; k < 16; k++) x ^= t[15 - k]![data[i + k]!]!;
    c = x ^ t[15]![(c ^ data[i]!) & 255]! ^ t[14]![((c >>> 8) ^ data[i + 1]!) & 255]! ^
      t[13]![((c >>> 16) ^ data[i + 2]!) & 255]! ^ t[12]![(c >>> 24) ^ data[i + 3]!]!;
  }
  while (i < n) c = t[0]![(c ^ data[i++]!) & 255]! ^ (c >>> 8);
  return c;
}

/*
 * makeCrc32 and makeCrc32c are the same code, one copy per polynomial, ON PURPOSE: do not merge them into
 * one function parameterised by the polynomial or the tables (duplicate-code tools flag the pair; that is
 * expected). Measured with bench/crcAB.mjs; see BENCHMARKS.md, "loop rework".
 * - One closure per source text. Each factory runs once, so V8 specializes its two functions to their
 *   context: the sixteen tables are `const`s there and become constants of the compiled loop (their
 *   addresses are immediates in the loads). A loop shared by the polynomials has two closures, or takes
 *   the tables as arguments, and loads them per use: the shared loop this replaced (one joint table, the
 *   polynomial's offset an argument) ran at 2.05 GB/s, two closures of one source at 1.6, these at 2.2.
 *   Sixteen arrays rather than one indexed at k * 256: one add fewer per load (1.08x).
 * - The word loop alone in its own function, returning right after the loop. A long first call gets the
 *   loop compiled while it runs (on-stack replacement); code after the loop that had not run by then has
 *   no type feedback, and the compiled loop then deoptimized there on every later call. With a first
 *   call of 50-65 KB at an odd offset, the loop written inline ran at 0.4-0.7x its speed for the whole
 *   process in 8 of 20 processes (CRC32C; 7 of 20 for CRC64NVME); split off, in none (the crc-32
 *   package shows the same slow runs).
 * - Tables in the factory, not module-level `const`s: bundlers turn those into `var` (esbuild does),
 *   which V8 does not fold.
 */

/** CRC-32 (0xedb88320): fills its tables and returns the update over them. Made once; see above. */
function makeCrc32(): Update {
  const ts = tables(0xedb88320);
  const [T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15] = ts;
  const wordSteps = (c: number, w: Int32Array): number => {
    for (let j = 0; j < w.length; j += 4) {
      c ^= w[j]!;
      const w1 = w[j + 1]!;
      const w2 = w[j + 2]!;
      const w3 = w[j + 3]!;
      c = T15[c & 255]! ^ T14[(c >>> 8) & 255]! ^ T13[(c >>> 16) & 255]! ^ T12[c >>> 24]! ^
        T11[w1 & 255]! ^ T10[(w1 >>> 8) & 255]! ^ T9[(w1 >>> 16) & 255]! ^ T8[w1 >>> 24]! ^
        T7[w2 & 255]! ^ T6[(w2 >>> 8) & 255]! ^ T5[(w2 >>> 16) & 255]! ^ T4[w2 >>> 24]! ^
        T3[w3 & 255]! ^ T2[(w3 >>> 8) & 255]! ^ T1[(w3 >>> 16) & 255]! ^ T0[w3 >>> 24]!;
    }
    return c;
  };
  return (crc, data, wordReads) => {
    if (!wordReads) return ~bytewise(ts, ~crc, data) >>> 0;
    let c = ~crc;
    let i = 0;
    const n = data.length;
    while (i < n && ((data.byteOffset + i) & 3) !== 0) c = T0[(c ^ data[i++]!) & 255]! ^ (c >>> 8);
    const steps = (n - i) >> 4;
    if (steps > 0) {
      c = wordSteps(c, new Int32Array(data.buffer, data.byteOffset + i, steps * 4));
      i += steps * 16;
    }
    while (i < n) c = T0[(c ^ data[i++]!) & 255]! ^ (c >>> 8);
    return ~c >>> 0;
  };
}

/** CRC-32C (0x82f63b78): fills its tables and returns the update over them. Made once; see above. */
function makeCrc32c(): Update {
  const ts = tables(0x82f63b78);
  const [T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15] = ts;
  const wordSteps = (c: number, w: Int32Array): number => {
    for (let j = 0; j < w.length; j += 4) {
      c ^= w[j]!;
      const w1 = w[j + 1]!;
      const w2 = w[j + 2]!;
      const w3 = w[j + 3]!;
      c = T15[c & 255]! ^ T14[(c >>> 8) & 255]! ^ T13[(c >>> 16) & 255]! ^ T12[c >>> 24]! ^
        T11[w1 & 255]! ^ T10[(w1 >>> 8) & 255]! ^ T9[(w1 >>> 16) & 255]! ^ T8[w1 >>> 24]! ^
        T7[w2 & 255]! ^ T6[(w2 >>> 8) & 255]! ^ T5[(w2 >>> 16) & 255]! ^ T4[w2 >>> 24]! ^
        T3[w3 & 255]! ^ T2[(w3 >>> 8) & 255]! ^ T1[(w3 >>> 16) & 255]! ^ T0[w3 >>> 24]!;
    }
    return c;
  };
  return (crc, data, wordReads) => {
    if (!wordReads) return ~bytewise(ts, ~crc, data) >>> 0;
    let c = ~crc;
    let i = 0;
    const n = data.length;
    while (i < n && ((data.byteOffset + i) & 3) !== 0) c = T0[(c ^ data[i++]!) & 255]! ^ (c >>> 8);
    const steps = (n - i) >> 4;
    if (steps > 0) {
      c = wordSteps(c, new Int32Array(data.buffer, data.byteOffset + i, steps * 4));
      i += steps * 16;
    }
    while (i < n) c = T0[(c ^ data[i++]!) & 255]! ^ (c >>> 8);
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
