/**
 * SigV4a key derivation: the ECDSA P-256 private key AWS derives from an access key pair
 * (NIST SP 800-108 counter-mode KDF with HMAC-SHA256, as aws-c-auth, smithy-rs and the Go SDK do).
 */
import { CredentialsError } from '../errors.js';
import { defaultCrypto } from '../crypto/backend.js';
import { type CryptoBackend, utf8 } from '../crypto/hash.js';
import { N } from './p256.js';
import { bytesToBigInt, fromHex, toBytes32 } from './der.js';

const LABEL = utf8('AWS4-ECDSA-P256-SHA256');
const BLOCK = 64;

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

// The backend's HMAC takes text; the KDF input holds a counter byte that may exceed 0x7f, so HMAC
// is built here over raw bytes from the backend's SHA-256 (RFC 2104). Runs once per access key.
function hmacBytes(crypto: CryptoBackend, key: Uint8Array, data: Uint8Array): Uint8Array {
  const sha = (bytes: Uint8Array): Uint8Array => fromHex(crypto.sha256Hex(bytes))!;
  const k = key.length > BLOCK ? sha(key) : key;
  const inner = new Uint8Array(BLOCK).fill(0x36);
  const outer = new Uint8Array(BLOCK).fill(0x5c);
  for (let i = 0; i < k.length; i++) {
    inner[i]! ^= k[i]!;
    outer[i]! ^= k[i]!;
  }
  return sha(concat([outer, sha(concat([inner, data]))]));
}

/**
 * The 32-byte SigV4a private key of an access key pair: d = k0 + 1 with
 * k0 = HMAC-SHA256("AWS4A" + secret, 00000001 || "AWS4-ECDSA-P256-SHA256" || 00 || accessKeyId || counter || 00000100),
 * retried with the next counter while k0 > n - 2.
 * @example
 * const d = deriveSigV4aPrivateKey('AKIDEXAMPLE', 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'); // 32 bytes
 * @throws {CredentialsError} INVALID_CREDENTIALS for empty or non-string keys.
 */
export function deriveSigV4aPrivateKey(accessKeyId: string, secretAccessKey: string, crypto: CryptoBackend = defaultCrypto): Uint8Array {
  if (typeof accessKeyId !== 'string' || accessKeyId === '' || typeof secretAccessKey !== 'string' || secretAccessKey === '') {
    throw new CredentialsError('INVALID_CREDENTIALS', 'SigV4a key derivation needs a non-empty accessKeyId and secretAccessKey');
  }
  const key = utf8(`AWS4A${secretAccessKey}`);
  const head = concat([Uint8Array.of(0, 0, 0, 1), LABEL, Uint8Array.of(0), utf8(accessKeyId)]);
  for (let counter = 1; counter <= 254; counter++) {
    const k0 = bytesToBigInt(hmacBytes(crypto, key, concat([head, Uint8Array.of(counter, 0, 0, 1, 0)])));
    if (k0 <= N - 2n) return toBytes32(k0 + 1n);
  }
  // Each try fails with probability about 2^-32: reaching this is not expected to ever happen.
  throw new CredentialsError('INVALID_CREDENTIALS', 'no SigV4a key can be derived from these credentials');
}
