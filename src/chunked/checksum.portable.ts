/**
 * Incremental SHA-1 / SHA-256 and CRC32 for checksums without Node built-ins. CRC32 is crypto/crc32.ts. SHA-256 is
 * `@aws-crypto/sha256-js`'s RawSha256; SHA-1 (FIPS 180-4) is written here because WebCrypto only hashes a whole
 * buffer at once, asynchronously, and a streamed upload never holds the whole object.
 */
// RawSha256, as crypto.portable.ts explains: the package's Sha256 reaches `buffer`.
import { RawSha256 } from '@aws-crypto/sha256-js/build/main/RawSha256.js';
import { crc32, type CrcUpdate } from '../crypto/crc32.js';
import type { HashState } from './hashState.js';

/** CRC32 update: the CRC so far (0 for nothing) and the next bytes. */
export const crc32Update: CrcUpdate = crc32;

const H0 = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];

function sha1Block(h: number[], block: Uint8Array, at: number, w: Int32Array): void {
  for (let i = 0; i < 16; i++) w[i] = (block[at + 4 * i]! << 24) | (block[at + 4 * i + 1]! << 16) | (block[at + 4 * i + 2]! << 8) | block[at + 4 * i + 3]!;
  for (let i = 16; i < 80; i++) {
    const x = w[i - 3]! ^ w[i - 8]! ^ w[i - 14]! ^ w[i - 16]!;
    w[i] = (x << 1) | (x >>> 31);
  }
  let [a, b, c, d, e] = h as [number, number, number, number, number];
  for (let i = 0; i < 80; i++) {
    const f = i < 20 ? (b & c) | (~b & d) : i < 40 ? b ^ c ^ d : i < 60 ? (b & c) | (b & d) | (c & d) : b ^ c ^ d;
    const k = i < 20 ? 0x5a827999 : i < 40 ? 0x6ed9eba1 : i < 60 ? 0x8f1bbcdc : 0xca62c1d6;
    const t = (((a << 5) | (a >>> 27)) + f + e + k + w[i]!) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = t;
  }
  h[0] = (h[0]! + a) | 0;
  h[1] = (h[1]! + b) | 0;
  h[2] = (h[2]! + c) | 0;
  h[3] = (h[3]! + d) | 0;
  h[4] = (h[4]! + e) | 0;
}

function sha1(): HashState {
  const h = [...H0];
  const pending = new Uint8Array(64);
  const w = new Int32Array(80);
  let filled = 0;
  let length = 0;
  const update = (data: Uint8Array): void => {
    length += data.length;
    let at = 0;
    if (filled > 0) {
      const take = Math.min(64 - filled, data.length);
      pending.set(data.subarray(0, take), filled);
      filled += take;
      at = take;
      if (filled < 64) return;
      sha1Block(h, pending, 0, w);
      filled = 0;
    }
    for (; at + 64 <= data.length; at += 64) sha1Block(h, data, at, w);
    pending.set(data.subarray(at), 0);
    filled = data.length - at;
  };
  const digest = (): Uint8Array => {
    const bits = length * 8;
    const tail = new Uint8Array(filled < 56 ? 64 - filled : 128 - filled);
    tail[0] = 0x80;
    const view = new DataView(tail.buffer);
    view.setUint32(tail.length - 8, Math.floor(bits / 2 ** 32));
    view.setUint32(tail.length - 4, bits >>> 0);
    update(tail);
    const out = new Uint8Array(20);
    h.forEach((word, i) => new DataView(out.buffer).setInt32(4 * i, word));
    return out;
  };
  return { update, digest };
}

/** A fresh incremental hash. */
export function createHashState(algorithm: 'sha1' | 'sha256'): HashState {
  if (algorithm === 'sha1') return sha1();
  const hash = new RawSha256();
  return { update: (data) => hash.update(data), digest: () => hash.digest() };
}
