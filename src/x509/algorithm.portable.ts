/**
 * The X.509 signing algorithm without `node:crypto`: certificates read with the DER reader, keys and
 * signatures with WebCrypto. Signing is asynchronous, so it is used through `signRequestAsync` /
 * `presignUrlAsync` (and createSigner, the SDK adapter, fromRolesAnywhere, which take that path).
 */
import { InvalidRequestError } from '../errors.js';
import type { SigningAlgorithm } from '../sigv4/algorithm.js';
import { chainEntries, type PortableCertificateInfo, readCertificateDer } from './certificateDer.js';
import { loadPortableKey, type PortablePrivateKeyInput } from './privateKey.js';
import { x509Algorithm, type X509AlgorithmOf, type X509OptionsOf } from './shape.js';
import { webCryptoSigner } from './webcrypto.js';

/**
 * Options of the portable {@link x509}: `privateKey` is PEM (PKCS#8, SEC1, PKCS#1; not encrypted) or
 * a WebCrypto private CryptoKey; `passphrase` is refused (WebCrypto cannot decrypt a key).
 */
export type PortableX509Options = X509OptionsOf<PortablePrivateKeyInput>;

/** The portable X.509 algorithm value: signs asynchronously (`signerAsync`). */
export type PortableX509Algorithm = X509AlgorithmOf<PortableCertificateInfo>;

/**
 * The X.509 signing algorithm on WebCrypto (browsers, workers, Deno, Bun): pass it as `algorithm` to
 * `signRequestAsync` / `presignUrlAsync`. The certificate and the key are read and paired here; the
 * key is imported into WebCrypto on the first signature.
 * @example
 * import { signRequestAsync } from 'sigv4-kit';
 * import { x509 } from 'sigv4-kit/x509';
 * const algorithm = x509({ certificate: certPem, privateKey: keyPem });
 * const signed = await signRequestAsync(request, { credentials: algorithm.credentials, region: 'eu-west-1', service: 'rolesanywhere', algorithm });
 * @throws {InvalidRequestError} INVALID_OPTION when the certificate or a chain entry is not a certificate.
 * @throws {CredentialsError} INVALID_CREDENTIALS when the key is unreadable, encrypted, or not the certificate's.
 */
export function x509(options: PortableX509Options): PortableX509Algorithm {
  if (options === null || typeof options !== 'object') {
    throw new InvalidRequestError('INVALID_OPTION', 'x509 options must be an object: { certificate, privateKey, chain? }');
  }
  const certificate = readCertificateDer(options.certificate);
  const key = loadPortableKey(options.privateKey, certificate);
  if (options.passphrase !== undefined && key.cryptoKey === undefined) {
    throw new InvalidRequestError('INVALID_OPTION', 'passphrase needs node:crypto: WebCrypto cannot decrypt a key; give it decrypted (openssl pkcs8 -topk8 -nocrypt) or sign on Node');
  }
  const chain = chainEntries(options.chain).map((c, i) => readCertificateDer(c, `chain[${i}]`));
  return x509Algorithm(certificate, chain, { signerAsync: webCryptoSigner(key, certificate) });
}

/**
 * Refused off Node: verifying X.509 requests needs `node:crypto` (import `sigv4-kit/x509` on Node).
 * @example
 * // On Node, where the "node" condition resolves sigv4-kit/x509 to the node:crypto build:
 * import { x509Verifiers } from 'sigv4-kit/x509';
 * @throws {InvalidRequestError} INVALID_OPTION always, naming the fix.
 */
export function x509Verifiers(_options: unknown): readonly SigningAlgorithm[] {
  throw new InvalidRequestError('INVALID_OPTION', 'x509Verifiers needs node:crypto: verify X.509-signed requests on Node, where sigv4-kit/x509 resolves to its Node build');
}
