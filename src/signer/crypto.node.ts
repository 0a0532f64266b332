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

function sha256Buffer(data: Uint8Array): Buffer {
  if (oneShot) return oneShot('sha256', data, 'buffer') as Buffer;
  return nodeCrypto.createHash('sha256').update(data).digest();
}

/**
 * HMAC as two hashes over preallocated blocks: key XOR ipad || data, then key XOR opad || inner hash.
 * The padded key blocks are computed once per signing key (the key cache keeps the closure), so a
 * signature costs two one-shot hashes and no allocation beyond the digests. Callers pass ASCII only
 * (strings to sign), so latin1 writes are byte-exact.
 */
function hmacHexSigner(rawKey: Uint8Array): HmacHexSigner {
  if (!oneShot) return (data) => nodeCrypto.createHmac('sha256', rawKey).update(data).digest('hex');
  // RFC 2104: a key longer than the block is hashed first (signing keys are 32 bytes; this is for other callers).
  const key = rawKey.length > 64 ? sha256Buffer(rawKey) : rawKey;
  let inner = Buffer.alloc(64 + 192, 0);
  const outer = Buffer.alloc(64 + 32, 0);
  inner.fill(0x36, 0, 64);
  outer.fill(0x5c, 0, 64);
  for (let i = 0; i < key.length; i++) {
    inner[i]! ^= key[i]!;
    outer[i]! ^= key[i]!;
  }
  return (data) => {
    if (64 + data.length > inner.length) {
      const grown = Buffer.alloc(64 + data.length * 2);
      inner.copy(grown, 0, 0, 64);
      inner = grown;
    }
    const written = inner.write(data, 64, 'latin1');
    sha256Buffer(inner.subarray(0, 64 + written)).copy(outer, 64);
    return sha256Hex(outer);
  };
}

/** The Node backend. */
export const backend: CryptoBackend = {
  sha256Hex,
  hmac: (key, data) => nodeCrypto.createHmac('sha256', key).update(data).digest(),
  hmacHexSigner,
};
