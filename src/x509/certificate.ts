/**
 * Certificates and keys for X.509 request signing (IAM Roles Anywhere), read with `node:crypto`.
 * The serial AWS expects in `Credential=` is the certificate serial in decimal; serials run to 20
 * octets, so it goes through BigInt (Node's `X509Certificate.serialNumber` is hex).
 */
import { createPrivateKey, createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';
import { CredentialsError, InvalidRequestError } from '../errors.js';
import { type CertificateFields, type CertificateInput, chainEntries, serialToDecimal, splitPem } from './certificateDer.js';

export { type CertificateInput, serialToDecimal, splitPem, validityProblem } from './certificateDer.js';

/** What the signer needs from a certificate: {@link CertificateFields} plus the public key. */
export interface CertificateInfo extends CertificateFields {
  /** The public key. */
  readonly publicKey: KeyObject;
}

/**
 * Reads one certificate (PEM text with one CERTIFICATE block, or DER bytes).
 * @throws {InvalidRequestError} INVALID_OPTION naming `what` when it is not a certificate.
 */
export function readCertificate(input: CertificateInput, what = 'certificate'): CertificateInfo {
  let cert: X509Certificate;
  try {
    if (typeof input === 'string') {
      const blocks = splitPem(input);
      if (blocks.length === 0) throw new Error('no PEM block');
      cert = new X509Certificate(blocks[0]!);
    } else {
      cert = new X509Certificate(input);
    }
  } catch {
    throw new InvalidRequestError('INVALID_OPTION', `${what} is not an X.509 certificate: give the PEM text (-----BEGIN CERTIFICATE-----) or its DER bytes`);
  }
  const keyType = cert.publicKey.asymmetricKeyType;
  if (keyType !== 'rsa' && keyType !== 'ec') {
    throw new InvalidRequestError('INVALID_OPTION', `${what} has a ${String(keyType)} key: IAM Roles Anywhere signs with RSA or EC (P-256, P-384) keys only`);
  }
  const der = new Uint8Array(cert.raw);
  return Object.freeze({
    der,
    base64: cert.raw.toString('base64'),
    serial: serialToDecimal(cert.serialNumber),
    notBefore: new Date(cert.validFrom),
    notAfter: new Date(cert.validTo),
    keyType,
    subject: cert.subject,
    publicKey: cert.publicKey,
  });
}

/**
 * Reads an intermediate chain: a PEM bundle, or an array of PEM texts / DER bytes.
 * @throws {InvalidRequestError} INVALID_OPTION when an entry is not a certificate.
 */
export function readChain(chain: CertificateInput | readonly CertificateInput[] | undefined): CertificateInfo[] {
  return chainEntries(chain).map((c, i) => readCertificate(c, `chain[${i}]`));
}

/** A private key as PEM text (PKCS#8, SEC1 `EC PRIVATE KEY`, PKCS#1 `RSA PRIVATE KEY`, encrypted PKCS#8) or a KeyObject. */
export type PrivateKeyInput = string | KeyObject;

/**
 * Loads the private key and checks it belongs to the certificate. The key text never reaches a message.
 * @throws {CredentialsError} INVALID_CREDENTIALS naming the cause (not a key, passphrase needed or wrong, key of another certificate).
 */
export function loadPrivateKey(input: PrivateKeyInput, certificate: CertificateInfo, passphrase?: string): KeyObject {
  let key: KeyObject;
  if (typeof input === 'string') {
    const encrypted = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(input);
    if (encrypted && passphrase === undefined) {
      throw new CredentialsError('INVALID_CREDENTIALS', 'the private key is encrypted: give its passphrase (passphrase option)');
    }
    try {
      key = createPrivateKey(passphrase === undefined ? { key: input, format: 'pem' } : { key: input, format: 'pem', passphrase });
    } catch {
      throw new CredentialsError(
        'INVALID_CREDENTIALS',
        encrypted
          ? 'the private key could not be decrypted: check the passphrase'
          : 'the private key is not a PEM private key (PKCS#8 "PRIVATE KEY", SEC1 "EC PRIVATE KEY" or PKCS#1 "RSA PRIVATE KEY")',
      );
    }
  } else if (input !== null && typeof input === 'object' && (input as KeyObject).type === 'private') {
    key = input;
  } else {
    throw new CredentialsError('INVALID_CREDENTIALS', 'privateKey must be PEM text or a private KeyObject');
  }
  const pub = (k: KeyObject) => k.export({ type: 'spki', format: 'der' }).toString('base64');
  if (pub(createPublicKey(key)) !== pub(certificate.publicKey)) {
    throw new CredentialsError('INVALID_CREDENTIALS', `the private key does not belong to the certificate (serial ${certificate.serial}): give the key the certificate was issued for`);
  }
  return key;
}
