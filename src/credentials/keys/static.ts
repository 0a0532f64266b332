/** fromStatic: keys you already hold. */
import type { Credentials } from '../../sigv4/types.js';
import { sealCredentials } from '../credentials.js';
import type { CredentialProvider } from '../provider.js';

/**
 * Keys you already hold: long-term IAM-user (or root) keys, or temporary ones with a session token.
 * Validated now, not at first use.
 * @example
 * const provider = fromStatic({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' });
 * @throws {CredentialsError} `INVALID_CREDENTIALS` on a malformed field.
 */
export function fromStatic(credentials: Credentials): CredentialProvider {
  const sealed = sealCredentials(credentials);
  return () => Promise.resolve(sealed);
}
