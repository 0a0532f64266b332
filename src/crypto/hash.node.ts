/** Hashing on Node: `node:crypto`, with the one-shot `crypto.hash` where the runtime has it. */
import * as nodeCrypto from 'node:crypto';
import type { CryptoBackend, HmacHexSigner } from './hash.js';

type OneShotHash = (algorithm: string, data: string | Uint8Array, encoding: string) => string | Buffer;
// crypto.hash (Node >= 20.12) skips the Hash object allocation, which is most of the cost for short inputs.
const oneShot = (nodeCrypto as unknown as { hash?: OneShotHash }).hash;

function sha256Hex(data: string | Uint8Array): string {
  if (oneShot) return oneShot('sha256', data, 'hex') as string;
  return nodeCrypto.createHash('sha256').update(data).digest('hex');
}

function sha256Buffer(data: Uint8Array): Buffer {
  if (oneShot) return Buffer.from(oneShot('sha256', data, 'latin1') as string, 'latin1');
  return nodeCrypto.createHash('sha256').update(data).digest();
}

// The digest as a latin1 string (one char per byte): on Node 20 crypto.hash's 'buffer' output is about
// three times slower than a string output, and writing 32 latin1 chars into a Buffer is byte-exact.
const sha256Latin1 = (data: Uint8Array): string => (oneShot as OneShotHash)('sha256', data, 'latin1') as string;

/** key XOR ipad (then `innerSize` zero bytes for the message) and key XOR opad (then 32 for the inner digest). */
function paddedKey(rawKey: Uint8Array, innerSize: number): { inner: Buffer; outer: Buffer } {
  // RFC 2104: a key longer than the block is hashed first.
  const key = rawKey.length > 64 ? sha256Buffer(rawKey) : rawKey;
  const inner = Buffer.alloc(64 + innerSize, 0);
  const outer = Buffer.alloc(64 + 32, 0);
  inner.fill(0x36, 0, 64);
  outer.fill(0x5c, 0, 64);
  for (let i = 0; i < key.length; i++) {
    inner[i]! ^= key[i]!;
    outer[i]! ^= key[i]!;
  }
  return { inner, outer };
}

/** Raw HMAC (key derivation): two one-shot hashes; createHmac builds a stream object per call and is slow to load cold. */
function hmac(key: Uint8Array | string, data: string): Uint8Array {
  if (!oneShot) return nodeCrypto.createHmac('sha256', key).update(data).digest();
  const { inner, outer } = paddedKey(typeof key === 'string' ? Buffer.from(key, 'utf8') : key, Buffer.byteLength(data, 'utf8'));
  inner.write(data, 64, 'utf8');
  outer.write(sha256Latin1(inner), 64, 'latin1');
  return sha256Buffer(outer);
}

/**
 * HMAC as two hashes over preallocated blocks: key XOR ipad || data, then key XOR opad || inner hash.
 * The padded key blocks are computed once per signing key (the key cache keeps the closure), so a
 * signature costs two one-shot hashes and no allocation beyond the digests. Callers pass ASCII only
 * (strings to sign), so latin1 writes are byte-exact.
 */
function hmacHexSigner(rawKey: Uint8Array): HmacHexSigner {
  if (!oneShot) return (data) => nodeCrypto.createHmac('sha256', rawKey).update(data).digest('hex');
  const padded = paddedKey(rawKey, 192);
  const { outer } = padded;
  let { inner } = padded;
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
