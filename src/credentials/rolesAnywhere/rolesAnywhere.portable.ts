/**
 * fromRolesAnywhere without `node:crypto`: CreateSession signed with WebCrypto (browsers, workers,
 * Deno, Bun). The exchange is the Node build's (session.ts); only the algorithm differs.
 */
import { type PortableX509Options, x509 } from '../../x509/algorithm.portable.js';
import type { CredentialProvider } from '../provider.js';
import { createSessionProvider, type RolesAnywhereSessionOptions } from './session.js';

/** Options of the portable {@link fromRolesAnywhere}. */
export interface PortableRolesAnywhereOptions extends PortableX509Options, RolesAnywhereSessionOptions {}

/**
 * Temporary credentials for `roleArn` from IAM Roles Anywhere, with the certificate's key on
 * WebCrypto: CreateSession signed asynchronously, cached and refreshed before expiry. A certificate
 * outside its validity is refused locally, naming its dates.
 * @example
 * import { fromRolesAnywhere } from 'sigv4-kit/x509'; // a worker: the WebCrypto build
 * const credentials = fromRolesAnywhere({
 *   certificate: certPem,
 *   privateKey: keyPem, // PKCS#8, SEC1 or PKCS#1 PEM, or a non-extractable CryptoKey
 *   trustAnchorArn: 'arn:aws:rolesanywhere:eu-west-1:123456789012:trust-anchor/4f3c...',
 *   profileArn: 'arn:aws:rolesanywhere:eu-west-1:123456789012:profile/9a1b...',
 *   roleArn: 'arn:aws:iam::123456789012:role/edge-worker',
 * });
 * @throws {InvalidRequestError} INVALID_OPTION at once for a malformed ARN, duration or certificate.
 * @throws {CredentialsError} INVALID_CREDENTIALS (key problems, AccessDeniedException), CREDENTIALS_EXPIRED (certificate validity), when called.
 */
export function fromRolesAnywhere(options: PortableRolesAnywhereOptions): CredentialProvider {
  return createSessionProvider(options, x509(options));
}
