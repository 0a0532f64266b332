/** chain: try providers in order; only "not configured" moves on. */
import { isNoCredentials, NoCredentialsError } from './errors.js';
import type { CredentialProvider } from './provider.js';
import { refuseSelfReference } from './reentry.js';

/**
 * A provider that asks each of `providers` in turn and returns the first credentials found.
 * It moves on **only** when a provider throws `NO_CREDENTIALS` (its source is not configured).
 * Any other error stops the chain: a profile whose role cannot be assumed must fail loudly, not
 * fall through to some other identity. When all decline, it throws {@link NoCredentialsError}
 * whose `tried` lists each source and why it had nothing.
 * @example
 * const provider = chain(fromEnv(), fromIni({ profile: 'ci' }), fromInstanceMetadata());
 * @throws {NoCredentialsError} `NO_CREDENTIALS` when no provider had credentials.
 */
export function chain(...providers: readonly CredentialProvider[]): CredentialProvider {
  return refuseSelfReference(async () => {
    const tried: string[] = [];
    const causes: unknown[] = [];
    for (const provider of providers) {
      try {
        return await provider();
      } catch (error) {
        if (!isNoCredentials(error)) throw error;
        tried.push(...(error instanceof NoCredentialsError ? error.tried : [error.message]));
        causes.push(error);
      }
    }
    throw new NoCredentialsError(tried, { cause: causes });
  }, 'a chain of credential providers');
}
