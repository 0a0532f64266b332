/**
 * CRC-64/NVME (S3's `x-amz-checksum-crc64nvme`): reflected polynomial 0x9a6c9329ac4bc9b5, initial value
 * and final XOR all ones; check value of "123456789" 0xae8b14860a799888. Plain TypeScript, slicing-by-16:
 * the 64-bit state is two 32-bit halves (BigInt is two orders of magnitude slower), each table split in a
 * low and a high half, the data read as little-endian 32-bit words where the view is 4-byte aligned.
 */

const POLY_LO = 0xac4bc9b5 | 0;
const POLY_HI = 0x9a6c9329 | 0;

type Update = (state: Int32Array, data: Uint8Array, wordReads: boolean) => void;

let update: Update | undefined;
let words = false;

/**
 * Fills the tables (low and high halves of 16 tables of 256 entries, table k at k * 256) and returns the
 * update function over them. The tables are `const`s the function closes over, and the function is made
 * once: V8 then knows the arrays when it compiles the loop (module-level bindings become `var` in bundles,
 * which V8 cannot fold; arrays held in locals ran at half the speed). See crypto/crc32.ts.
 */
function makeUpdate(): Update {
  const L = new Int32Array(16 * 256);
  const H = new Int32Array(16 * 256);
  for (let n = 0; n < 256; n++) {
    let l = n;
    let h = 0;
    for (let k = 0; k < 8; k++) {
      const mask = -(l & 1);
      l = ((l >>> 1) | (h << 31)) ^ (POLY_LO & mask);
      h = (h >>> 1) ^ (POLY_HI & mask);
    }
    L[n] = l;
    H[n] = h;
  }
  // Table k: the CRC of byte n followed by k zero bytes.
  for (let k = 1; k < 16; k++) {
    for (let n = 0; n < 256; n++) {
      const l = L[(k - 1) * 256 + n]!;
      const h = H[(k - 1) * 256 + n]!;
      L[k * 256 + n] = ((l >>> 8) | (h << 24)) ^ L[l & 255]!;
      H[k * 256 + n] = (h >>> 8) ^ H[l & 255]!;
    }
  }
  words = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
  // Written to and never read: see the loop. More than 64 bytes, so V8 keeps it off its heap and the
  // stores go to a constant address (a 2-entry array, on the heap, was reloaded and checked: 1.10x, not 1.22x).
  const sink = new Int32Array(32);
  // The word loop alone in a function that returns right after it (the high half through `hiOut`, a
  // context slot, which needs no type feedback): see crypto/crc32.ts on loops compiled mid-call.
  let hiOut = 0;
  /*
   * Slicing-by-16, four words per step, the lookups in four groups of one word each, every group's two
   * partial sums stored to `sink` before the next group's lookups. The stores do nothing but order the
   * code. The table loads are on V8's effect chain and the xors are not; each bounds check (a compare and
   * branch even where the index is proven in range) ends a basic block, and TurboFan puts a xor in the
   * last block that uses it. Without the stores it issued all 32 loads first and xored at the end, more
   * values live than registers (24 spills and 24 reloads per step; slicing-by-16 then ran no faster than
   * slicing-by-8, as BENCHMARKS.md records). A store needs its value, so each group's xors happen before
   * the next group's loads: 7 spills, 199 instructions per 16 bytes against 2 x 104 for slicing-by-8.
   * Measured (interleaved, 3 processes, ratio to the slicing-by-8 loop this replaces): 1.19-1.23x,
   * 1.67-1.71 GB/s; Node 22 and 24 1.17x. Without the stores 0.99x; a store
   * after every two lookups, or three groups, 1.11-1.17x; 32 bytes per step (64 KiB of tables) 1.22x, no better;
   * the same stores in slicing-by-8 1.01-1.03x (its loop spilled little). The words that do not depend on
   * the CRC go first (1.22x against 1.18x CRC words first). Sixteen separate arrays per half, with or
   * without the stores: 1.15x at best, as V8 materializes each array's address before each load.
   */
  const wordSteps = (lo: number, hi: number, w: Int32Array): number => {
    for (let j = 0; j < w.length; j += 4) {
      const a = lo ^ w[j]!;
      const b = hi ^ w[j + 1]!;
      const c = w[j + 2]!;
      const d = w[j + 3]!;
      // Plain locals, not a destructured array: the hot loop must not allocate.
      const c0 = 1792 + (c & 255), c1 = 1536 + ((c >>> 8) & 255), c2 = 1280 + ((c >>> 16) & 255), c3 = 1024 + (c >>> 24);
      let l = L[c0]! ^ L[c1]! ^ L[c2]! ^ L[c3]!;
      sink[0] = l;
      let h = H[c0]! ^ H[c1]! ^ H[c2]! ^ H[c3]!;
      sink[1] = h;
      const d0 = 768 + (d & 255), d1 = 512 + ((d >>> 8) & 255), d2 = 256 + ((d >>> 16) & 255), d3 = d >>> 24;
      l = l ^ L[d0]! ^ L[d1]! ^ L[d2]! ^ L[d3]!;
      sink[0] = l;
      h = h ^ H[d0]! ^ H[d1]! ^ H[d2]! ^ H[d3]!;
      sink[1] = h;
      const a0 = 3840 + (a & 255), a1 = 3584 + ((a >>> 8) & 255), a2 = 3328 + ((a >>> 16) & 255), a3 = 3072 + (a >>> 24);
      l = l ^ L[a0]! ^ L[a1]! ^ L[a2]! ^ L[a3]!;
      sink[0] = l;
      h = h ^ H[a0]! ^ H[a1]! ^ H[a2]! ^ H[a3]!;
      sink[1] = h;
      const b0 = 2816 + (b & 255), b1 = 2560 + ((b >>> 8) & 255), b2 = 2304 + ((b >>> 16) & 255), b3 = 2048 + (b >>> 24);
      lo = l ^ L[b0]! ^ L[b1]! ^ L[b2]! ^ L[b3]!;
      hi = h ^ H[b0]! ^ H[b1]! ^ H[b2]! ^ H[b3]!;
    }
    hiOut = hi;
    return lo;
  };
  return (state, data, wordReads) => {
    let lo = ~state[0]!;
    let hi = ~state[1]!;
    let i = 0;
    const n = data.length;
    if (wordReads) {
      while (i < n && ((data.byteOffset + i) & 3) !== 0) {
        const x = (lo ^ data[i++]!) & 255;
        lo = ((lo >>> 8) | (hi << 24)) ^ L[x]!;
        hi = (hi >>> 8) ^ H[x]!;
      }
      const steps = (n - i) >> 4;
      if (steps > 0) {
        lo = wordSteps(lo, hi, new Int32Array(data.buffer, data.byteOffset + i, steps * 4));
        hi = hiOut;
        i += steps * 16;
      }
    }
    while (i < n) {
      const x = (lo ^ data[i++]!) & 255;
      lo = ((lo >>> 8) | (hi << 24)) ^ L[x]!;
      hi = (hi >>> 8) ^ H[x]!;
    }
    state[0] = ~lo;
    state[1] = ~hi;
  };
}

/**
 * Feeds `data` to the CRC-64/NVME `state` (`[low 32 bits, high 32 bits]` of the CRC so far, `[0, 0]` for
 * nothing), in place. `wordReads` (default: when the host is little-endian) reads the data as 32-bit words;
 * tests also run the byte-wise path.
 */
export function crc64nvmeUpdate(state: Int32Array, data: Uint8Array, wordReads?: boolean): void {
  const run = (update ??= makeUpdate());
  run(state, data, wordReads ?? words);
}
