/**
 * SigV4a ECDSA without Node built-ins: BigInt P-256 (v4aCurve.ts) and `@aws-crypto/sha256-js`,
 * synchronous like the rest of the core. Nonces follow RFC 6979 (deterministic), so signing needs
 * no random source and a weak one cannot leak the key.
 */
// RawSha256, as crypto.portable.ts explains: the package's Sha256 reaches `buffer`.
import { RawSha256 } from '@aws-crypto/sha256-js/build/main/RawSha256.js';
import { utf8 } from '../crypto/hash.js';
import { type EcdsaBackend, ecdsaSign, ecdsaVerify, mod, N, publicPoint } from './p256.js';
import { bytesToBigInt, decodeDerSignature, encodeDerSignature, toBytes32 } from './der.js';

function sha256(...parts: Uint8Array[]): Uint8Array {
  const hash = new RawSha256();
  for (const part of parts) hash.update(part);
  return hash.digest();
}

// RFC 2104 for the 32-byte keys of RFC 6979 (shorter than the 64-byte block: no pre-hash).
function hmac(key: Uint8Array, ...parts: Uint8Array[]): Uint8Array {
  const inner = new Uint8Array(64).fill(0x36);
  const outer = new Uint8Array(64).fill(0x5c);
  for (let i = 0; i < key.length; i++) {
    inner[i]! ^= key[i]!;
    outer[i]! ^= key[i]!;
  }
  return sha256(outer, sha256(inner, ...parts));
}

function digest(message: string): bigint {
  return bytesToBigInt(sha256(utf8(message)));
}

// RFC 6979 section 3.2 with HMAC-SHA256; qlen = hlen = 256, so bits2int is a plain read.
function* nonces(d: bigint, e: bigint): Generator<bigint> {
  const x = toBytes32(d);
  const h = toBytes32(mod(e, N));
  let v: Uint8Array = new Uint8Array(32).fill(1);
  let k = hmac(new Uint8Array(32), v, Uint8Array.of(0), x, h);
  v = hmac(k, v);
  k = hmac(k, v, Uint8Array.of(1), x, h);
  v = hmac(k, v);
  for (;;) {
    v = hmac(k, v);
    const candidate = bytesToBigInt(v);
    if (candidate >= 1n && candidate < N) yield candidate;
    k = hmac(k, v, Uint8Array.of(0));
    v = hmac(k, v);
  }
}

/** The portable backend. */
export const ecdsa: EcdsaBackend = {
  sign(privateKey, message) {
    const d = bytesToBigInt(privateKey);
    const e = digest(message);
    for (const k of nonces(d, e)) {
      const signature = ecdsaSign(d, e, k);
      if (signature !== undefined) return encodeDerSignature(signature.r, signature.s);
    }
    throw new Error('unreachable: the nonce generator is infinite');
  },
  verify(publicKey, message, signature) {
    const rs = decodeDerSignature(signature);
    return rs !== undefined && ecdsaVerify(publicKey, digest(message), rs.r, rs.s);
  },
  publicKey: (privateKey) => publicPoint(bytesToBigInt(privateKey)),
};
