/**
 * `sigv4-kit/x509` off Node (the `default` export condition: browsers, workers, Deno, Bun): X.509
 * request signing (IAM Roles Anywhere) on WebCrypto, certificates read by a small DER reader. It
 * signs asynchronously: use `signRequestAsync` / `presignUrlAsync`. Node resolves the `node:crypto`
 * build (x509.ts), which also verifies and reads encrypted keys.
 * @module
 */
export { x509, x509Verifiers, type PortableX509Options as X509Options, type PortableX509Algorithm as X509Algorithm } from './x509/algorithm.portable.js';
export { X509_RSA_ALGORITHM, X509_ECDSA_ALGORITHM } from './x509/shape.js';
export { readCertificateDer as readCertificate, serialToDecimal, type PortableCertificateInfo as CertificateInfo, type CertificateInput } from './x509/certificateDer.js';
export type { PortablePrivateKeyInput as PrivateKeyInput } from './x509/privateKey.js';
export { fromRolesAnywhere, type PortableRolesAnywhereOptions as RolesAnywhereOptions } from './credentials/rolesAnywhere/rolesAnywhere.portable.js';
export type { CertificateFields } from './x509/certificateDer.js';
export type { X509OptionsOf, X509AlgorithmOf } from './x509/shape.js';
export type { RolesAnywhereSessionOptions } from './credentials/rolesAnywhere/session.js';
