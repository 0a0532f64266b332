/**
 * What the Node and the portable X.509 algorithms share: the names, the signed certificate
 * parameters, the serial as credential id, the local validity check. Only the signer differs
 * (`node:crypto` signs synchronously, WebCrypto asynchronously).
 */
import { CredentialsError } from '../errors.js';
import type { AlgorithmContext, AlgorithmParameter, AsyncStringSigner, SigningAlgorithm, StringSigner } from '../sigv4/algorithm.js';
import type { Credentials } from '../sigv4/credentials.js';
import { type CertificateFields, type CertificateInput, validityProblem } from './certificateDer.js';

/** The algorithm name for RSA certificates. */
export const X509_RSA_ALGORITHM = 'AWS4-X509-RSA-SHA256';
/** The algorithm name for EC (P-256, P-384) certificates. */
export const X509_ECDSA_ALGORITHM = 'AWS4-X509-ECDSA-SHA256';

export const X509_HEADER = 'x-amz-x509';
export const CHAIN_HEADER = 'x-amz-x509-chain';

/** Options of `x509`, by the private key types of the build. */
export interface X509OptionsOf<K> {
  /** The end-entity certificate: PEM text or DER bytes. */
  readonly certificate: CertificateInput;
  /** Its private key (the forms the build reads: see its `x509`). */
  readonly privateKey: K;
  /** The passphrase of an encrypted private key (Node only). */
  readonly passphrase?: string | undefined;
  /** Intermediate CA certificates (not the trust anchor's root): a PEM bundle or a list of PEM / DER. */
  readonly chain?: CertificateInput | readonly CertificateInput[] | undefined;
}

/** The X.509 algorithm value: a {@link SigningAlgorithm} plus what it read from the certificate. */
export interface X509AlgorithmOf<C extends CertificateFields> extends SigningAlgorithm {
  /** The certificate as read (serial in decimal, validity, key type). */
  readonly certificate: C;
  /**
   * What to pass as `credentials` to the signing calls: the serial as the id, no secret (the private
   * key signs). Any `credentials` value is accepted and ignored by this algorithm.
   */
  readonly credentials: Credentials;
}

/** The signer half: `signer` on Node, `signerAsync` with WebCrypto. */
export type X509Signing = { readonly signer: () => StringSigner } | { readonly signerAsync: () => AsyncStringSigner };

/** The frozen algorithm value for a read certificate, its chain and its signer. */
export function x509Algorithm<C extends CertificateFields>(certificate: C, chain: readonly CertificateFields[], signing: X509Signing): X509AlgorithmOf<C> {
  const parameters: AlgorithmParameter[] = [{ header: X509_HEADER, query: 'X-Amz-X509', value: certificate.base64 }];
  if (chain.length > 0) parameters.push({ header: CHAIN_HEADER, query: 'X-Amz-X509-Chain', value: chain.map((c) => c.base64).join(',') });
  Object.freeze(parameters);
  const credentials: Credentials = Object.freeze({ accessKeyId: certificate.serial, secretAccessKey: '' });
  return Object.freeze({
    name: certificate.keyType === 'rsa' ? X509_RSA_ALGORITHM : X509_ECDSA_ALGORITHM,
    certificate,
    credentials,
    checkCredentials(_credentials: unknown, at: Date): Credentials {
      // AWS refuses a certificate outside its validity; saying so here names the dates instead of AccessDenied.
      const problem = validityProblem(certificate, at);
      if (problem !== undefined) throw new CredentialsError('CREDENTIALS_EXPIRED', problem);
      return credentials;
    },
    scope: (c: AlgorithmContext) => `${c.date}/${c.region}/${c.service}/aws4_request`,
    credentialId: () => certificate.serial,
    parameters: () => parameters,
    ...signing,
    verifier: undefined,
  });
}
