/** Refusing a credential provider that is, through some path, its own source. */
import { ProviderError } from '../errors.js';
import type { CredentialProvider } from './provider.js';

/**
 * `provider`, refusing to be entered again while its own call is still starting. A provider whose
 * source leads back to itself (`p = chain(() => p())`, `sourceCredentials: () => p()`, a cached
 * provider whose fetch calls it) would otherwise recurse until the stack overflows, inside promise
 * machinery, where V8 prints "Exception in PromiseRejectCallback" to stderr instead of rejecting.
 * A legitimate provider never calls itself synchronously, so one counter per provider is enough.
 */
export function refuseSelfReference(provider: CredentialProvider, what: string): CredentialProvider {
  let starting = 0;
  return () => {
    if (starting > 0) {
      return Promise.reject(new ProviderError('PROVIDER_FAILED', `${what} leads back to itself: a credential provider cannot be its own source`));
    }
    starting++;
    try {
      return provider();
    } finally {
      starting--;
    }
  };
}
