/** The default credentials of the fetch wrapper and the SDK adapter: the standard chain, loaded on first use. */
import type { CredentialProvider, Env } from '../credentials/provider.js';

/**
 * `fromDefaultChain({ env })`, imported only when first called. The chain reads files, processes
 * and metadata endpoints (it lives in `sigv4-kit/node`), so a caller who passes credentials, as
 * every browser or worker caller does, never loads it, and bundlers split it into a chunk of its own.
 */
export function lazyDefaultChain(env: Env): CredentialProvider {
  let chain: Promise<CredentialProvider> | undefined;
  return async () => {
    chain ??= import('../credentials/defaultChain.js').then((m) => m.fromDefaultChain({ env }));
    return (await chain)();
  };
}
