/** SigV4a ECDSA on Node: OpenSSL through `node:crypto`. */
import { createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import type { AffinePoint, EcdsaBackend } from './p256.js';
import { bytesToBigInt, toBytes32 } from './der.js';

// SEC 1 ECPrivateKey { version 1, privateKey OCTET STRING (32), [0] prime256v1 } around the scalar;
// OpenSSL computes the public half itself.
// Typed-array literals: Buffer.from(hex) at import costs a cold start about 0.1 ms for every SigV4 user.
const SEC1_HEAD = Uint8Array.of(0x30, 0x31, 0x02, 0x01, 0x01, 0x04, 0x20);
const SEC1_TAIL = Uint8Array.of(0xa0, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07);

// Keyed by the private-key bytes the signing-key cache holds: a KeyObject lives as long as its cache entry.
const keyObjects = new WeakMap<Uint8Array, KeyObject>();

function privateKeyObject(privateKey: Uint8Array): KeyObject {
  let key = keyObjects.get(privateKey);
  if (key === undefined) {
    key = createPrivateKey({ key: Buffer.concat([SEC1_HEAD, privateKey, SEC1_TAIL]), format: 'der', type: 'sec1' });
    keyObjects.set(privateKey, key);
  }
  return key;
}

const base64url = (value: bigint): string => Buffer.from(toBytes32(value)).toString('base64url');
const coordinate = (value: string | undefined): bigint => bytesToBigInt(Buffer.from(value ?? '', 'base64url'));

/** The Node backend. */
export const ecdsa: EcdsaBackend = {
  sign: (privateKey, message) =>
    sign('sha256', Buffer.from(message, 'utf8'), { key: privateKeyObject(privateKey), dsaEncoding: 'der' }).toString('hex'),
  verify(publicKey: AffinePoint, message, signature) {
    const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: base64url(publicKey.x), y: base64url(publicKey.y) }, format: 'jwk' });
    return verify('sha256', Buffer.from(message, 'utf8'), { key, dsaEncoding: 'der' }, signature);
  },
  publicKey(privateKey) {
    const jwk = createPublicKey(privateKeyObject(privateKey)).export({ format: 'jwk' });
    return { x: coordinate(jwk.x), y: coordinate(jwk.y) };
  },
};
