/**
 * `sigv4-kit/x509`: X.509 request signing (IAM Roles Anywhere) and verification. This is the Node
 * build (the `node` export condition): keys are read and used with `node:crypto`, synchronously.
 * Elsewhere the same import resolves to the WebCrypto build (x509.portable.ts), which signs through
 * `signRequestAsync`.
 * @module
 */
export { x509, x509Verifiers, X509_RSA_ALGORITHM, X509_ECDSA_ALGORITHM, type X509Options, type X509Algorithm, type X509VerifyOptions, type CertificateCheck } from './x509/algorithm.js';
export { readCertificate, serialToDecimal, type CertificateInfo, type CertificateInput, type PrivateKeyInput } from './x509/certificate.js';
export { fromRolesAnywhere, type RolesAnywhereOptions } from './credentials/rolesAnywhere/rolesAnywhere.js';
export type { CertificateFields } from './x509/certificateDer.js';
export type { X509OptionsOf, X509AlgorithmOf } from './x509/shape.js';
export type { RolesAnywhereSessionOptions } from './credentials/rolesAnywhere/session.js';
