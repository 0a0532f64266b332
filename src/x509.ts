/**
 * `sigv4-kit/x509`: X.509 request signing (IAM Roles Anywhere) and verification. Node only: keys are
 * read and used with `node:crypto`.
 * @module
 */
export { x509, x509Verifiers, X509_RSA_ALGORITHM, X509_ECDSA_ALGORITHM, type X509Options, type X509Algorithm, type X509VerifyOptions, type CertificateCheck } from './x509/algorithm.js';
export { readCertificate, serialToDecimal, type CertificateInfo, type CertificateInput, type PrivateKeyInput } from './x509/certificate.js';
export { fromRolesAnywhere, type RolesAnywhereOptions } from './credentials/rolesAnywhere/rolesAnywhere.js';
