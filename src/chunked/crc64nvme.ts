/**
 * CRC-64/NVME (S3's `x-amz-checksum-crc64nvme`): reflected polynomial 0x9a6c9329ac4bc9b5, initial value
 * and final XOR all ones; check value of "123456789" 0xae8b14860a799888. Plain TypeScript, slicing-by-8:
 * the 64-bit state is two 32-bit halves (BigInt is two orders of magnitude slower), each table split in a
 * low and a high half, the data read as little-endian 32-bit words where the view is 4-byte aligned.
 */

const POLY_LO = 0xac4bc9b5 | 0;
const POLY_HI = 0x9a6c9329 | 0;

type Update = (state: Int32Array, data: Uint8Array, wordReads: boolean) => void;

let update: Update | undefined;
let words = false;

/**
 * Fills the tables (low and high halves of 8 tables of 256 entries, table k at k * 256) and returns the
 * update function over them. The tables are `const`s the function closes over, and the function is made
 * once: V8 then knows the arrays when it compiles the loop (module-level bindings become `var` in bundles,
 * which V8 cannot fold; arrays held in locals ran at half the speed). See crypto/crc32.ts.
 */
function makeUpdate(): Update {
  const L = new Int32Array(8 * 256);
  const H = new Int32Array(8 * 256);
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
  for (let k = 1; k < 8; k++) {
    for (let n = 0; n < 256; n++) {
      const l = L[(k - 1) * 256 + n]!;
      const h = H[(k - 1) * 256 + n]!;
      L[k * 256 + n] = ((l >>> 8) | (h << 24)) ^ L[l & 255]!;
      H[k * 256 + n] = (h >>> 8) ^ H[l & 255]!;
    }
  }
  words = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
  // The word loop alone in a function that returns right after it (the high half through `hiOut`, a
  // context slot, which needs no type feedback): see crypto/crc32.ts on loops compiled mid-call.
  let hiOut = 0;
  const wordSteps = (lo: number, hi: number, w: Int32Array): number => {
    for (let j = 0; j < w.length; j += 2) {
      const a = lo ^ w[j]!;
      const b = hi ^ w[j + 1]!;
      // Plain locals, not a destructured array: the hot loop must not allocate.
      const a0 = 1792 + (a & 255), a1 = 1536 + ((a >>> 8) & 255), a2 = 1280 + ((a >>> 16) & 255), a3 = 1024 + (a >>> 24);
      const b0 = 768 + (b & 255), b1 = 512 + ((b >>> 8) & 255), b2 = 256 + ((b >>> 16) & 255), b3 = b >>> 24;
      lo = L[a0]! ^ L[a1]! ^ L[a2]! ^ L[a3]! ^ L[b0]! ^ L[b1]! ^ L[b2]! ^ L[b3]!;
      hi = H[a0]! ^ H[a1]! ^ H[a2]! ^ H[a3]! ^ H[b0]! ^ H[b1]! ^ H[b2]! ^ H[b3]!;
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
      const steps = (n - i) >> 3;
      if (steps > 0) {
        lo = wordSteps(lo, hi, new Int32Array(data.buffer, data.byteOffset + i, steps * 2));
        hi = hiOut;
        i += steps * 8;
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
