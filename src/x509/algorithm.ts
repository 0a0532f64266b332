/**
 * X.509 request signing (IAM Roles Anywhere's "authentication signing process"): SigV4's canonical
 * request with the certificate (`x-amz-x509`) and the intermediates (`x-amz-x509-chain`) signed,
 * `Credential=<serial in decimal>/<date>/<region>/<service>/aws4_request`, and a signature made with the
 * certificate's private key: `AWS4-X509-RSA-SHA256` (RSA PKCS#1 v1.5) or `AWS4-X509-ECDSA-SHA256`
 * (ECDSA, SHA-256 on every curve, DER), hex-encoded. The Node build: `node:crypto` signs
 * synchronously, so it works with every signing call (algorithm.portable.ts is the WebCrypto one).
 */
import { type KeyObject, sign as cryptoSign, verify as cryptoVerify } from 'node:crypto';
import { InvalidRequestError } from '../errors.js';
import type { AlgorithmContext, ParsedCredential, SigningAlgorithm, VerifyContext } from '../sigv4/algorithm.js';
import type { Credentials } from '../sigv4/credentials.js';
import {
  type CertificateInfo, loadPrivateKey, type PrivateKeyInput, readCertificate, readChain, validityProblem,
} from './certificate.js';
import { CHAIN_HEADER, X509_ECDSA_ALGORITHM, X509_HEADER, X509_RSA_ALGORITHM, x509Algorithm, type X509AlgorithmOf, type X509OptionsOf } from './shape.js';

export { X509_ECDSA_ALGORITHM, X509_RSA_ALGORITHM } from './shape.js';

/**
 * Options of {@link x509}: `privateKey` is PEM (PKCS#8, SEC1, PKCS#1, encrypted PKCS#8 with
 * `passphrase`) or a KeyObject.
 */
export type X509Options = X509OptionsOf<PrivateKeyInput>;

/** The X.509 algorithm value: a {@link SigningAlgorithm} plus what it read from the certificate. */
export type X509Algorithm = X509AlgorithmOf<CertificateInfo>;

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/**
 * The X.509 signing algorithm for a certificate and its private key: pass it as `algorithm` to
 * `signRequest` (and the other signing calls). The key is loaded and checked against the certificate
 * here, once.
 * @example
 * import { signRequest } from 'sigv4-kit';
 * import { x509 } from 'sigv4-kit/x509';
 * const algorithm = x509({ certificate: certPem, privateKey: keyPem });
 * signRequest(request, { credentials: algorithm.credentials, region: 'us-east-1', service: 'rolesanywhere', algorithm });
 * @throws {InvalidRequestError} INVALID_OPTION when the certificate or a chain entry is not a certificate.
 * @throws {CredentialsError} INVALID_CREDENTIALS when the key is unreadable, encrypted without passphrase, or not the certificate's.
 */
export function x509(options: X509Options): X509Algorithm {
  if (options === null || typeof options !== 'object') {
    throw new InvalidRequestError('INVALID_OPTION', 'x509 options must be an object: { certificate, privateKey, chain? }');
  }
  const certificate = readCertificate(options.certificate);
  const key: KeyObject = loadPrivateKey(options.privateKey, certificate, options.passphrase);
  const chain = readChain(options.chain);
  return x509Algorithm(certificate, chain, { signer: () => (stringToSign: string) => hex(cryptoSign('sha256', Buffer.from(stringToSign, 'utf8'), key)) });
}

/** What {@link X509VerifyOptions.checkCertificate} is asked about. */
export interface CertificateCheck {
  /** The certificate the request carried (`X-Amz-X509`). */
  readonly certificate: CertificateInfo;
  /** The intermediates it carried (`X-Amz-X509-Chain`), possibly none. */
  readonly chain: readonly CertificateInfo[];
  /** The signing time of the request. */
  readonly at: Date;
}

/** Options of {@link x509Verifiers}. */
export interface X509VerifyOptions {
  /**
   * Whether the certificate is trusted (chains to your trust anchor, is not revoked...). Called after
   * the serial, the validity at the signing time and the key type are checked, before the signature.
   */
  readonly checkCertificate: (check: CertificateCheck) => boolean;
}

const CREDENTIAL = /^(\d{1,49})\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request$/;

function parseCredential(value: string): ParsedCredential | string {
  const m = CREDENTIAL.exec(value);
  if (m === null) return `Credential must be serial/date/region/service/aws4_request (serial in decimal) for X.509, got ${JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}...` : value)}`;
  return { accessKeyId: m[1]!, date: m[2]!, region: m[3]!, service: m[4]! };
}

function fromBase64Certificate(value: string | undefined): CertificateInfo | undefined {
  if (value === undefined || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return undefined;
  try {
    return readCertificate(new Uint8Array(Buffer.from(value, 'base64')));
  } catch {
    return undefined;
  }
}

function amzDateToDate(amzDate: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  return m === null ? new Date(NaN) : new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

function makeVerifier(keyType: 'rsa' | 'ec', options: X509VerifyOptions) {
  return Object.freeze({
    parseCredential,
    isSignature: (value: string) => /^[0-9a-f]{2,2048}$/.test(value) && value.length % 2 === 0,
    // The chain is optional, but when sent it must be signed: checkCertificate trusts what it lists.
    parameters: Object.freeze([Object.freeze({ header: X509_HEADER, query: 'X-Amz-X509' }), Object.freeze({ header: CHAIN_HEADER, query: 'X-Amz-X509-Chain', optional: true })]),
    verify(stringToSign: string, signature: string, c: VerifyContext): boolean {
      const certificate = fromBase64Certificate(c.parameters.get(X509_HEADER));
      if (certificate === undefined || certificate.keyType !== keyType) return false;
      // The credential names the certificate by serial: another serial is another credential.
      if (certificate.serial !== c.credentials.accessKeyId) return false;
      const at = amzDateToDate(c.amzDate);
      if (validityProblem(certificate, at) !== undefined) return false;
      const chainValue = c.parameters.get(CHAIN_HEADER);
      const chain: CertificateInfo[] = [];
      if (chainValue !== undefined && chainValue !== '') {
        for (const part of chainValue.split(',')) {
          const item = fromBase64Certificate(part);
          if (item === undefined) return false;
          chain.push(item);
        }
      }
      if (!options.checkCertificate({ certificate, chain, at })) return false;
      try {
        return cryptoVerify('sha256', Buffer.from(stringToSign, 'utf8'), certificate.publicKey, Buffer.from(signature, 'hex'));
      } catch {
        return false;
      }
    },
  });
}

/**
 * The X.509 algorithms (RSA and ECDSA) for `verifyRequest`'s `algorithms`: a request is accepted when
 * its certificate's serial is the credential's, the certificate is valid at the signing time,
 * `checkCertificate` trusts it, and the signature verifies with its public key. `getCredentials` is
 * asked for the serial (decimal); answer `{ secretAccessKey: 'unused' }` (any non-empty value: X.509
 * signatures use no secret) for a serial you accept, `undefined` for one you do not.
 * @example
 * import { verifyRequest } from 'sigv4-kit';
 * import { x509Verifiers } from 'sigv4-kit/x509';
 * const outcome = await verifyRequest(request, {
 *   getCredentials: () => ({ secretAccessKey: 'unused' }),
 *   algorithms: x509Verifiers({ checkCertificate: ({ certificate }) => trustedSerials.has(certificate.serial) }),
 * });
 * @throws {InvalidRequestError} INVALID_OPTION when `checkCertificate` is not a function.
 */
export function x509Verifiers(options: X509VerifyOptions): readonly SigningAlgorithm[] {
  if (options === null || typeof options !== 'object' || typeof options.checkCertificate !== 'function') {
    throw new InvalidRequestError('INVALID_OPTION', 'x509Verifiers needs { checkCertificate: (check) => boolean }: without it any self-made certificate would pass');
  }
  const notForSigning = () => {
    throw new InvalidRequestError('INVALID_OPTION', 'x509Verifiers() values only verify: sign with x509({ certificate, privateKey })');
  };
  const make = (name: string, keyType: 'rsa' | 'ec'): SigningAlgorithm =>
    Object.freeze({
      name,
      checkCredentials: (credentials: unknown) => credentials as Credentials,
      scope: (c: AlgorithmContext) => `${c.date}/${c.region}/${c.service}/aws4_request`,
      signer: notForSigning,
      verifier: makeVerifier(keyType, options),
    });
  return Object.freeze([make(X509_RSA_ALGORITHM, 'rsa'), make(X509_ECDSA_ALGORITHM, 'ec')]);
}
