/**
 * DPoP proofs (RFC 9449) for the Sign-In token refresh: a compact JWS with `typ: dpop+jwt`,
 * `alg: ES256`, the public `jwk` of the session's P-256 key (only `kty`, `crv`, `x`, `y`), and a
 * payload of `jti` (a UUIDv4), `htm`, `htu` and `iat`. The signature is the raw `r || s` pair
 * (64 bytes, base64url), not DER. node:crypto (through `#io`, so the portable entry never reaches it)
 * does the ECDSA; no dependency.
 */
import type { KeyObject } from 'node:crypto';
import { ProviderError } from '../../errors.js';
import { loadNodeCrypto } from '#io';

/** A parsed `dpopKey`: the private key and its public JWK. */
export interface DpopKey {
  readonly privateKey: KeyObject;
  readonly jwk: { readonly kty: 'EC'; readonly crv: 'P-256'; readonly x: string; readonly y: string };
}

/**
 * Reads the PEM private key `aws login` stores (SEC1 `EC PRIVATE KEY` or PKCS#8 `PRIVATE KEY`).
 * @throws {ProviderError} `PROVIDER_FAILED` when it is not a P-256 private key (the key is never quoted).
 */
export function readDpopKey(pem: string, where: string): DpopKey {
  const { createPrivateKey, createPublicKey } = loadNodeCrypto();
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: pem, format: 'pem' });
  } catch (error) {
    throw new ProviderError('PROVIDER_FAILED', `the dpopKey in ${where} is not a PEM private key`, { cause: scrubbedCause(error) });
  }
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  if (privateKey.asymmetricKeyType !== 'ec' || jwk.crv !== 'P-256' || typeof jwk.x !== 'string' || typeof jwk.y !== 'string') {
    throw new ProviderError('PROVIDER_FAILED', `the dpopKey in ${where} is not a P-256 (ES256) key`);
  }
  return { privateKey, jwk: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y } };
}

/** A DPoP proof for `method url` at `now` (`url` exactly as called: scheme, host, port, path; no query). */
export function dpopProof(key: DpopKey, method: string, url: string, now: Date, jti: string = loadNodeCrypto().randomUUID()): string {
  const header = { typ: 'dpop+jwt', alg: 'ES256', jwk: key.jwk };
  const payload = { jti, htm: method, htu: url, iat: Math.floor(now.getTime() / 1000) };
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  // ieee-p1363 is JWS's encoding (RFC 7518 3.4): r and s, 32 bytes each.
  const signature = loadNodeCrypto().sign('sha256', Buffer.from(input, 'utf8'), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

// OpenSSL's decoder errors do not quote the key, but keep only the code to be sure.
function scrubbedCause(error: unknown): Error {
  const code = (error as { code?: unknown } | null)?.code;
  return new Error(typeof code === 'string' ? code : 'invalid key');
}
