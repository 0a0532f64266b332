/** The SigV4a id and the cached private key of an access key pair, shared by signing and verifying. */
import type { CryptoBackend } from '../crypto/hash.js';
import type { Credentials } from '../sigv4/credentials.js';
import type { SigningKeyCache } from '../sigv4/signingKey.js';
import { deriveSigV4aPrivateKey } from './deriveKey.js';

/** The algorithm id of SigV4a. */
export const SIGV4A_ALGORITHM = 'AWS4-ECDSA-P256-SHA256';

// No '/' in it, so it can never equal a SigV4 scope in the shared signing-key cache.
const CACHE_SCOPE = SIGV4A_ALGORITHM;

/** The private key of `credentials`, from `keyCache` (derived once per access key and secret). */
export function cachedSigV4aKey(credentials: Credentials, keyCache: SigningKeyCache, crypto: CryptoBackend): Uint8Array {
  const { accessKeyId, secretAccessKey } = credentials;
  return keyCache.lookup(accessKeyId, secretAccessKey, CACHE_SCOPE, () => deriveSigV4aPrivateKey(accessKeyId, secretAccessKey, crypto), crypto).key;
}
