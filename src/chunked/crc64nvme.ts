/**
 * CRC-64/NVME (S3's `x-amz-checksum-crc64nvme`): reflected polynomial 0x9a6c9329ac4bc9b5, initial value
 * and final XOR all ones; check value of "123456789" 0xae8b14860a799888. Plain TypeScript, slicing-by-8:
 * the 64-bit state is two 32-bit halves (BigInt is two orders of magnitude slower), each table split in a
 * low and a high half, the data read as little-endian 32-bit words where the view is 4-byte aligned.
 */

type Tables = { readonly lo: readonly Int32Array[]; readonly hi: readonly Int32Array[] };

const POLY_LO = 0xac4bc9b5 | 0;
const POLY_HI = 0x9a6c9329 | 0;

let tables: Tables | undefined;
let words = false;

function build(): Tables {
  const lo = Array.from({ length: 8 }, () => new Int32Array(256));
  const hi = Array.from({ length: 8 }, () => new Int32Array(256));
  const [lo0, hi0] = [lo[0]!, hi[0]!];
  for (let n = 0; n < 256; n++) {
    let [l, h] = [n, 0];
    for (let k = 0; k < 8; k++) {
      const mask = -(l & 1);
      l = ((l >>> 1) | (h << 31)) ^ (POLY_LO & mask);
      h = (h >>> 1) ^ (POLY_HI & mask);
    }
    [lo0[n], hi0[n]] = [l, h];
  }
  // Table k: the CRC of byte n followed by k zero bytes.
  for (let k = 1; k < 8; k++) {
    for (let n = 0; n < 256; n++) {
      const [l, h] = [lo[k - 1]![n]!, hi[k - 1]![n]!];
      lo[k]![n] = ((l >>> 8) | (h << 24)) ^ lo0[l & 255]!;
      hi[k]![n] = (h >>> 8) ^ hi0[l & 255]!;
    }
  }
  words = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
  return { lo, hi };
}

/**
 * Feeds `data` to the CRC-64/NVME `state` (`[low 32 bits, high 32 bits]` of the CRC so far, `[0, 0]` for
 * nothing), in place.
 */
export function crc64nvmeUpdate(state: Int32Array, data: Uint8Array): void {
  const t = (tables ??= build());
  const [l0, l1, l2, l3, l4, l5, l6, l7] = t.lo as [Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array];
  const [h0, h1, h2, h3, h4, h5, h6, h7] = t.hi as [Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array];
  let lo = ~state[0]!;
  let hi = ~state[1]!;
  let i = 0;
  const n = data.length;
  if (words) {
    while (i < n && ((data.byteOffset + i) & 3) !== 0) {
      const x = (lo ^ data[i++]!) & 255;
      lo = ((lo >>> 8) | (hi << 24)) ^ l0[x]!;
      hi = (hi >>> 8) ^ h0[x]!;
    }
    const steps = (n - i) >> 3;
    if (steps > 0) {
      const w = new Int32Array(data.buffer, data.byteOffset + i, steps * 2);
      for (let j = 0; j < w.length; j += 2) {
        const a = lo ^ w[j]!;
        const b = hi ^ w[j + 1]!;
        // Plain locals, not a destructured array: the hot loop must not allocate.
        const a0 = a & 255, a1 = (a >>> 8) & 255, a2 = (a >>> 16) & 255, a3 = a >>> 24;
        const b0 = b & 255, b1 = (b >>> 8) & 255, b2 = (b >>> 16) & 255, b3 = b >>> 24;
        lo = l7[a0]! ^ l6[a1]! ^ l5[a2]! ^ l4[a3]! ^ l3[b0]! ^ l2[b1]! ^ l1[b2]! ^ l0[b3]!;
        hi = h7[a0]! ^ h6[a1]! ^ h5[a2]! ^ h4[a3]! ^ h3[b0]! ^ h2[b1]! ^ h1[b2]! ^ h0[b3]!;
      }
      i += steps * 8;
    }
  }
  while (i < n) {
    const x = (lo ^ data[i++]!) & 255;
    lo = ((lo >>> 8) | (hi << 24)) ^ l0[x]!;
    hi = (hi >>> 8) ^ h0[x]!;
  }
  state[0] = ~lo;
  state[1] = ~hi;
}
