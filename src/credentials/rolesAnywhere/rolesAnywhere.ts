/**
 * fromRolesAnywhere: temporary role credentials from IAM Roles Anywhere's CreateSession, signed with
 * an X.509 certificate's private key (what `aws_signing_helper credential-process` does), natively.
 * The Node build: keys read and used with `node:crypto` (encrypted PKCS#8 with a passphrase too).
 */
import { x509, type X509Options } from '../../x509/algorithm.js';
import type { CredentialProvider } from '../provider.js';
import { createSessionProvider, type RolesAnywhereSessionOptions } from './session.js';

/** Options of {@link fromRolesAnywhere}. */
export interface RolesAnywhereOptions extends X509Options, RolesAnywhereSessionOptions {}

/**
 * Temporary credentials for `roleArn` from IAM Roles Anywhere: signs CreateSession with the
 * certificate's private key (X.509 signing, no helper binary), cached and refreshed before expiry.
 * A certificate outside its validity is refused locally, naming its dates.
 * @example
 * import { fromRolesAnywhere } from 'sigv4-kit/x509';
 * const credentials = fromRolesAnywhere({
 *   certificate: readFileSync('client.pem', 'utf8'),
 *   privateKey: readFileSync('client.key', 'utf8'),
 *   trustAnchorArn: 'arn:aws:rolesanywhere:eu-west-1:123456789012:trust-anchor/4f3c...',
 *   profileArn: 'arn:aws:rolesanywhere:eu-west-1:123456789012:profile/9a1b...',
 *   roleArn: 'arn:aws:iam::123456789012:role/onprem-backup',
 * });
 * @throws {InvalidRequestError} INVALID_OPTION at once for a malformed ARN, duration or certificate.
 * @throws {CredentialsError} INVALID_CREDENTIALS (key problems, AccessDeniedException), CREDENTIALS_EXPIRED (certificate validity), when called.
 */
export function fromRolesAnywhere(options: RolesAnywhereOptions): CredentialProvider {
  const algorithm = x509(options);
  return createSessionProvider(options, algorithm);
}
