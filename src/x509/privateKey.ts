/**
 * Private keys for WebCrypto, without `node:crypto`: WebCrypto imports only PKCS#8, so PKCS#1
 * (`RSA PRIVATE KEY`) and SEC1 (`EC PRIVATE KEY`) are wrapped into it here, and the key is checked
 * against the certificate from the DER (RSA modulus and exponent; the EC public point when the key
 * carries it, else after import). Key bytes never reach a message.
 */
import { CredentialsError, InvalidRequestError } from '../errors.js';
import { CURVE_OIDS, CURVES, keyAlgorithm, pemToDer, type PortableCertificateInfo } from './certificateDer.js';
import { children, content, encode, oidBytes, oidString, readRoot, TAG, type Tlv } from './der.js';

/** A private key as PEM text (PKCS#8, SEC1 `EC PRIVATE KEY`, PKCS#1 `RSA PRIVATE KEY`) or a WebCrypto private `CryptoKey`. */
export type PortablePrivateKeyInput = string | CryptoKey;

/** A key ready for WebCrypto: PKCS#8 bytes to import, or a CryptoKey given as is. */
export interface PortableKey {
  readonly pkcs8: Uint8Array<ArrayBuffer> | undefined;
  readonly cryptoKey: CryptoKey | undefined;
  /**
   * The uncompressed EC point the certificate holds, when the key did not carry its own public point:
   * the pairing is then checked once the key is imported (its JWK export gives the point).
   */
  readonly checkPointAfterImport: Uint8Array | undefined;
}

const RSA_ALGORITHM_ID = encode(TAG.SEQUENCE, encode(TAG.OID, oidBytes('1.2.840.113549.1.1.1')), new Uint8Array([TAG.NULL, 0]));
const EC_OID = oidBytes('1.2.840.10045.2.1');
const VERSION_0 = new Uint8Array([TAG.INTEGER, 1, 0]);
const WHAT = 'the private key';

function notAKey(): CredentialsError {
  return new CredentialsError('INVALID_CREDENTIALS', 'the private key is not a PEM private key (PKCS#8 "PRIVATE KEY", SEC1 "EC PRIVATE KEY" or PKCS#1 "RSA PRIVATE KEY")');
}

function notTheCertificates(certificate: PortableCertificateInfo): CredentialsError {
  return new CredentialsError('INVALID_CREDENTIALS', `the private key does not belong to the certificate (serial ${certificate.serial}): give the key the certificate was issued for`);
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** The BIT STRING of the certificate's SubjectPublicKeyInfo, without its unused-bits octet. */
function certificateKeyBits(certificate: PortableCertificateInfo): Uint8Array {
  const spki = readRoot(certificate.spki, TAG.SEQUENCE, 'certificate');
  const [, bits] = children(certificate.spki, spki, 'certificate');
  return content(certificate.spki, bits!).subarray(1);
}

/** RSAPrivateKey (PKCS#1): checks its modulus and exponent are the certificate's. */
function checkRsa(bytes: Uint8Array, inner: Tlv, certificate: PortableCertificateInfo): void {
  const [, modulus, exponent] = children(bytes, inner, WHAT);
  const publicKey = certificateKeyBits(certificate);
  const [certModulus, certExponent] = children(publicKey, readRoot(publicKey, TAG.SEQUENCE, 'certificate'), 'certificate');
  if (modulus === undefined || exponent === undefined || !equalBytes(content(bytes, modulus), content(publicKey, certModulus!)) || !equalBytes(content(bytes, exponent), content(publicKey, certExponent!))) {
    throw notTheCertificates(certificate);
  }
}

/**
 * ECPrivateKey (SEC1): its curve (the [0] parameters, else `fallback`) must be the certificate's; its
 * [1] public point, when present, too. Answers whether the point still has to be checked.
 */
function checkEc(bytes: Uint8Array, inner: Tlv, certificate: PortableCertificateInfo, fallback: string | undefined): boolean {
  let curve = fallback;
  let point: Uint8Array | undefined;
  for (const field of children(bytes, inner, WHAT)) {
    if (field.tag === 0xa0) {
      const [oid] = children(bytes, field, WHAT);
      if (oid?.tag === TAG.OID) curve = CURVES[oidString(content(bytes, oid), WHAT)];
    } else if (field.tag === 0xa1) {
      const [bits] = children(bytes, field, WHAT);
      if (bits?.tag === TAG.BIT_STRING) point = content(bytes, bits).subarray(1);
    }
  }
  if (certificate.keyType !== 'ec' || (curve !== undefined && curve !== certificate.curve)) throw notTheCertificates(certificate);
  if (point === undefined) return true;
  if (!equalBytes(point, certificateKeyBits(certificate))) throw notTheCertificates(certificate);
  return false;
}

/**
 * Reads a PEM private key into what WebCrypto imports, checked against the certificate.
 * @throws {CredentialsError} INVALID_CREDENTIALS naming the cause (not a key, encrypted, key of another certificate).
 */
export function loadPortableKey(input: PortablePrivateKeyInput, certificate: PortableCertificateInfo): PortableKey {
  if (typeof input !== 'string') {
    const key = input as Partial<CryptoKey> | null;
    if (key === null || typeof key !== 'object' || key.type !== 'private' || !Array.isArray(key.usages) || !key.usages.includes('sign')) {
      throw new CredentialsError('INVALID_CREDENTIALS', 'privateKey must be PEM text or a WebCrypto private CryptoKey with the "sign" usage');
    }
    const name = (key.algorithm as { name?: string } | undefined)?.name;
    if (name !== (certificate.keyType === 'rsa' ? 'RSASSA-PKCS1-v1_5' : 'ECDSA')) {
      throw new CredentialsError('INVALID_CREDENTIALS', `the CryptoKey is ${String(name)}: a ${certificate.keyType === 'rsa' ? 'RSA certificate signs with RSASSA-PKCS1-v1_5 (SHA-256)' : 'EC certificate signs with ECDSA'} keys`);
    }
    return { pkcs8: undefined, cryptoKey: input, checkPointAfterImport: undefined };
  }
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(input)) {
    throw new CredentialsError('INVALID_CREDENTIALS', 'the private key is encrypted, which WebCrypto cannot read: decrypt it first (openssl pkcs8 -topk8 -nocrypt -in key.pem), or sign on Node, where sigv4-kit/x509 takes a passphrase');
  }
  const point = (later: boolean) => (later ? certificateKeyBits(certificate) : undefined);
  try {
    let der = pemToDer(input, 'PRIVATE KEY');
    if (der !== undefined) {
      const root = readRoot(der, TAG.SEQUENCE, WHAT);
      const [, algorithmId, octets] = children(der, root, WHAT);
      if (algorithmId?.tag !== TAG.SEQUENCE || octets?.tag !== TAG.OCTET_STRING) throw notAKey();
      const { keyType, curve } = keyAlgorithm(der, algorithmId, WHAT);
      const inner = content(der, octets);
      const innerRoot = readRoot(inner, TAG.SEQUENCE, WHAT);
      if (keyType !== certificate.keyType) throw notTheCertificates(certificate);
      let later = false;
      if (keyType === 'rsa') checkRsa(inner, innerRoot, certificate);
      else later = checkEc(inner, innerRoot, certificate, curve);
      return { pkcs8: der.slice(), cryptoKey: undefined, checkPointAfterImport: point(later) };
    }
    der = pemToDer(input, 'RSA PRIVATE KEY');
    if (der !== undefined) {
      if (certificate.keyType !== 'rsa') throw notTheCertificates(certificate);
      checkRsa(der, readRoot(der, TAG.SEQUENCE, WHAT), certificate);
      return { pkcs8: encode(TAG.SEQUENCE, VERSION_0, RSA_ALGORITHM_ID, encode(TAG.OCTET_STRING, der)), cryptoKey: undefined, checkPointAfterImport: undefined };
    }
    der = pemToDer(input, 'EC PRIVATE KEY');
    if (der !== undefined) {
      const later = checkEc(der, readRoot(der, TAG.SEQUENCE, WHAT), certificate, undefined);
      const algorithmId = encode(TAG.SEQUENCE, encode(TAG.OID, EC_OID), encode(TAG.OID, oidBytes(CURVE_OIDS[certificate.curve!])));
      return { pkcs8: encode(TAG.SEQUENCE, VERSION_0, algorithmId, encode(TAG.OCTET_STRING, der)), cryptoKey: undefined, checkPointAfterImport: point(later) };
    }
  } catch (error) {
    if (error instanceof CredentialsError) throw error;
    // A DER error names the structure, not the bytes; still, a key problem is a credentials problem.
    if (error instanceof InvalidRequestError) throw notAKey();
    throw error;
  }
  throw notAKey();
}
