/** Hashing on Node: `node:crypto`, with the one-shot `crypto.hash` where the runtime has it. */
import * as nodeCrypto from 'node:crypto';
import type { CryptoBackend, HmacHexSigner } from './crypto.js';

type OneShotHash = (algorithm: string, data: string | Uint8Array, encoding: string) => string | Buffer;
// crypto.hash (Node >= 20.12) skips the Hash object allocation, which is most of the cost for short inputs.
const oneShot = (nodeCrypto as unknown as { hash?: OneShotHash }).hash;

function sha256Hex(data: string | Uint8Array): string {
  if (oneShot) return oneShot('sha256', data, 'hex') as string;
  return nodeCrypto.createHash('sha256').update(data).digest('hex');
}

// The digest as a latin1 string (one char per byte): on Node 20 crypto.hash's 'buffer' output is about
// three times slower than a string output, and writing 32 latin1 chars into bytes is exact.
const sha256Latin1 = (data: Uint8Array): string => (oneShot as OneShotHash)('sha256', data, 'latin1') as string;

const encoder = new TextEncoder();

function writeLatin1(text: string, into: Uint8Array, at: number): void {
  for (let i = 0; i < text.length; i++) into[at + i] = text.charCodeAt(i);
}

function sha256Bytes(data: Uint8Array): Uint8Array {
  if (!oneShot) return nodeCrypto.createHash('sha256').update(data).digest();
  const out = new Uint8Array(32);
  writeLatin1(sha256Latin1(data), out, 0);
  return out;
}

/**
 * key XOR ipad (then `innerSize` zero bytes for the message) and key XOR opad (then 32 for the inner
 * digest). Typed arrays and loops, not Buffer.alloc/fill/from/write: key derivation runs on the first
 * signature of every process, where the first call of each Buffer method costs about 0.1 ms.
 */
function paddedKey(rawKey: Uint8Array, innerSize: number): { inner: Uint8Array; outer: Uint8Array } {
  // RFC 2104: a key longer than the block is hashed first.
  const key = rawKey.length > 64 ? sha256Bytes(rawKey) : rawKey;
  const inner = new Uint8Array(64 + innerSize);
  const outer = new Uint8Array(64 + 32);
  for (let i = 0; i < 64; i++) {
    const k = key[i] ?? 0;
    inner[i] = k ^ 0x36;
    outer[i] = k ^ 0x5c;
  }
  return { inner, outer };
}

/** Raw HMAC (key derivation): two one-shot hashes; createHmac builds a stream object per call and is slow to load cold. */
function hmac(key: Uint8Array | string, data: string): Uint8Array {
  if (!oneShot) return nodeCrypto.createHmac('sha256', key).update(data).digest();
  const message = encoder.encode(data);
  const { inner, outer } = paddedKey(typeof key === 'string' ? encoder.encode(key) : key, message.length);
  inner.set(message, 64);
  writeLatin1(sha256Latin1(inner), outer, 64);
  return sha256Bytes(outer);
}

const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);

/**
 * HMAC as two hashes over preallocated blocks: key XOR ipad || data, then key XOR opad || inner hash.
 * The padded key blocks are computed once per signing key (the key cache keeps the closure), so a
 * signature costs two one-shot hashes and no allocation beyond the digests. Callers pass ASCII only
 * (strings to sign), so latin1 writes are byte-exact.
 */
function hmacHexSigner(rawKey: Uint8Array): HmacHexSigner {
  if (!oneShot) return (data) => nodeCrypto.createHmac('sha256', rawKey).update(data).digest('hex');
  // Buffer views of the blocks for the per-signature path: Buffer.write of the ASCII string to sign
  // is faster than a loop or TextEncoder.encodeInto.
  const padded = paddedKey(rawKey, 192);
  const outer = asBuffer(padded.outer);
  let inner = asBuffer(padded.inner);
  // Strings to sign for one key have one length, so the view of the inner block is reused.
  let view = inner.subarray(0, 64);
  return (data) => {
    if (64 + data.length > inner.length) {
      const grown = Buffer.alloc(64 + data.length * 2);
      inner.copy(grown, 0, 0, 64);
      inner = grown;
      view = inner.subarray(0, 64);
    }
    const written = inner.write(data, 64, 'latin1');
    if (view.length !== 64 + written) view = inner.subarray(0, 64 + written);
    outer.write(sha256Latin1(view), 64, 'latin1');
    return sha256Hex(outer);
  };
}

/** The Node backend. */
export const backend: CryptoBackend = {
  sha256Hex,
  hmac,
  hmacHexSigner,
};
