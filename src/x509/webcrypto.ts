/**
 * X.509 signatures with WebCrypto (browsers, workers, Deno, Bun, Node's globalThis.crypto):
 * RSASSA-PKCS1-v1_5 or ECDSA, SHA-256 on every curve (P-384 included, as IAM Roles Anywhere wants).
 * WebCrypto answers ECDSA as raw r||s; AWS wants DER, so it is re-encoded here.
 */
import { base64, fromBase64 } from '../crypto/base64.js';
import { toHex, utf8 } from '../crypto/hash.js';
import { CredentialsError, InvalidRequestError } from '../errors.js';
import { onFirstUse } from '../lazy.js';
import type { AsyncStringSigner } from '../sigv4/algorithm.js';
import type { PortableCertificateInfo } from './certificateDer.js';
import { encode, TAG, unsignedInteger } from './der.js';
import type { PortableKey } from './privateKey.js';

/** WebCrypto's raw ECDSA signature (r||s, each the curve's size) as the DER SEQUENCE of two INTEGERs. */
export function rawEcdsaToDer(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2;
  return encode(TAG.SEQUENCE, unsignedInteger(raw.subarray(0, half)), unsignedInteger(raw.subarray(half)));
}

function subtle(): SubtleCrypto {
  const s = (globalThis as { crypto?: { subtle?: SubtleCrypto } }).crypto?.subtle;
  if (s === undefined) {
    throw new InvalidRequestError('INVALID_OPTION', 'no WebCrypto here (globalThis.crypto.subtle): browsers expose it only to secure contexts (https:// or localhost); on Node, import sigv4-kit/x509 under the "node" condition');
  }
  return s;
}

/** The bytes of an unpadded base64url JWK member. */
function fromBase64Url(text: string | undefined): Uint8Array | undefined {
  if (text === undefined) return undefined;
  const standard = text.replace(/-/g, '+').replace(/_/g, '/');
  return fromBase64(standard + '='.repeat((4 - (standard.length % 4)) % 4));
}

/** Imports the key once and checks the EC point against the certificate when the key did not carry it. */
async function importKey(key: PortableKey, certificate: PortableCertificateInfo): Promise<CryptoKey> {
  if (key.cryptoKey !== undefined) return key.cryptoKey;
  const algorithm = certificate.keyType === 'rsa' ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } : { name: 'ECDSA', namedCurve: certificate.curve! };
  const later = key.checkPointAfterImport;
  let imported: CryptoKey;
  try {
    imported = await subtle().importKey('pkcs8', key.pkcs8!, algorithm, later !== undefined, ['sign']);
  } catch (error) {
    if (error instanceof InvalidRequestError) throw error;
    throw new CredentialsError('INVALID_CREDENTIALS', `WebCrypto refused the private key as ${algorithm.name}${certificate.curve ? ` ${certificate.curve}` : ''}: give the key the certificate (serial ${certificate.serial}) was issued for, as PKCS#8, SEC1 or PKCS#1 PEM`);
  }
  if (later !== undefined) {
    const jwk = await subtle().exportKey('jwk', imported);
    // The JWK carries the public point (x, y); the certificate holds it as 04 || x || y.
    const x = fromBase64Url(jwk.x);
    const y = fromBase64Url(jwk.y);
    const ours = x === undefined || y === undefined ? '' : base64(new Uint8Array([4, ...x, ...y]));
    const expected = base64(later);
    if (ours !== expected) {
      throw new CredentialsError('INVALID_CREDENTIALS', `the private key does not belong to the certificate (serial ${certificate.serial}): give the key the certificate was issued for`);
    }
    // Re-import without extractability: the key bytes need not stay readable.
    imported = await subtle().importKey('pkcs8', key.pkcs8!, algorithm, false, ['sign']);
  }
  return imported;
}

/** The async signer of the portable x509 algorithm: lowercase hex of the DER signature. */
export function webCryptoSigner(key: PortableKey, certificate: PortableCertificateInfo): () => AsyncStringSigner {
  // Imported once; a failed import is not kept, so the next call tries again and reports the same error.
  const imported = onFirstUse(() => importKey(key, certificate));
  const rsa = certificate.keyType === 'rsa';
  return () => async (stringToSign: string) => {
    const cryptoKey = await imported();
    const signature = new Uint8Array(await subtle().sign(rsa ? { name: 'RSASSA-PKCS1-v1_5' } : { name: 'ECDSA', hash: 'SHA-256' }, cryptoKey, utf8(stringToSign) as Uint8Array<ArrayBuffer>));
    return toHex(rsa ? signature : rawEcdsaToDer(signature));
  };
}
