/** The hashing primitives the core needs, behind one small interface so the platform picks the implementation. */

/** A SHA-256 implementation to inject where neither `node:crypto` nor the portable default fits. */
export type Sha256Function = (data: Uint8Array) => Uint8Array;

/** Computes hex HMAC-SHA256 of ASCII text with one fixed key (the string to sign, chunk strings). */
export type HmacHexSigner = (asciiData: string) => string;

/** Hashing backend: `node:crypto` on Node, `@aws-crypto/sha256-js` elsewhere, or built from an injected SHA-256. */
export interface CryptoBackend {
  /** Lowercase hex SHA-256; strings are hashed as UTF-8. */
  sha256Hex(data: string | Uint8Array): string;
  /** Raw HMAC-SHA256; strings are UTF-8. */
  hmac(key: Uint8Array | string, data: string): Uint8Array;
  /** A reusable hex HMAC for one key; backends may precompute the padded key blocks. */
  hmacHexSigner(key: Uint8Array): HmacHexSigner;
}

const HEX: string[] = [];
// A plain loop, not Array.from with toString/padStart: this runs at import, on every cold start.
for (let i = 0; i < 256; i++) HEX.push('0123456789abcdef'[i >> 4]! + '0123456789abcdef'[i & 15]!);

/** Lowercase hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]!];
  return out;
}

const encoder = new TextEncoder();

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

const BLOCK = 64;

/** A backend from any SHA-256 function: HMAC as RFC 2104 defines it. Used for injected hashes. */
export function backendFromSha256(sha256: Sha256Function): CryptoBackend {
  const toBytes = (data: string | Uint8Array): Uint8Array => (typeof data === 'string' ? utf8(data) : data);
  const hmac = (key: Uint8Array | string, data: string): Uint8Array => {
    let k = toBytes(key);
    if (k.length > BLOCK) k = sha256(k);
    const inner = new Uint8Array(BLOCK);
    const outer = new Uint8Array(BLOCK);
    inner.fill(0x36);
    outer.fill(0x5c);
    for (let i = 0; i < k.length; i++) {
      inner[i]! ^= k[i]!;
      outer[i]! ^= k[i]!;
    }
    const msg = toBytes(data);
    const first = new Uint8Array(BLOCK + msg.length);
    first.set(inner);
    first.set(msg, BLOCK);
    const innerHash = sha256(first);
    const second = new Uint8Array(BLOCK + innerHash.length);
    second.set(outer);
    second.set(innerHash, BLOCK);
    return sha256(second);
  };
  return {
    sha256Hex: (data) => toHex(sha256(toBytes(data))),
    hmac,
    hmacHexSigner: (key) => (data) => toHex(hmac(key, data)),
  };
}

/**
 * Equality in time that depends only on the lengths, not on where the first difference is: the
 * signature check must not tell an attacker how many leading characters were right.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return diff === 0;
}
