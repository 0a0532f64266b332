/** SigV4 step 3: the signing key, and the bounded cache that is the core's only mutable state. */
import { INSPECT } from '../redact.js';
import { defaultCrypto } from '../crypto/backend.js';
import type { CryptoBackend, HmacHexSigner } from '../crypto/hash.js';
import { uriEncode } from './encoding.js';
import { buildCredentialScope } from './stringToSign.js';

/** The HMAC chain kDate -> kRegion -> kService -> kSigning from `"AWS4" + secret`. */
export function deriveSigningKey(
  secretAccessKey: string,
  scope: { readonly date: string; readonly region: string; readonly service: string },
  crypto: CryptoBackend = defaultCrypto,
): Uint8Array {
  const kDate = crypto.hmac(`AWS4${secretAccessKey}`, scope.date);
  const kRegion = crypto.hmac(kDate, scope.region);
  const kService = crypto.hmac(kRegion, scope.service);
  return crypto.hmac(kService, 'aws4_request');
}

interface Entry {
  readonly accessKeyId: string;
  readonly scope: string;
  // Kept to tell a wrong secret for the same key id apart; compared, never used as a map key or printed.
  readonly secret: string;
  readonly key: Uint8Array;
  readonly sign: HmacHexSigner;
}

/**
 * Signing keys per (access key id, date, region, service), at most `maxEntries`, oldest evicted
 * first. A key is valid for one day, so a long-running process only ever holds a few per identity.
 * The map key is the access key id and scope, never the secret.
 */
export class SigningKeyCache {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  // The entry of the previous lookup, still in #entries: most processes sign with one key in a row, and
  // comparing three strings is cheaper than building and hashing the map key on every signature.
  #last: Entry | undefined;
  #scope: { readonly date: string; readonly region: string; readonly service: string; readonly scope: string } | undefined;
  #credential: { readonly accessKeyId: string; readonly scope: string; readonly encoded: string } | undefined;

  constructor(maxEntries = 64) {
    this.#maxEntries = Math.max(1, Math.floor(maxEntries));
  }

  /**
   * `date/region/service/aws4_request`: the previous call's string when the parts are the same, since
   * a process signs with one scope for hours and building it anew is a string per signature.
   * @internal
   */
  credentialScope(date: string, region: string, service: string): string {
    const last = this.#scope;
    if (last !== undefined && last.date === date && last.region === region && last.service === service) return last.scope;
    const scope = buildCredentialScope({ date, region, service });
    this.#scope = { date, region, service, scope };
    return scope;
  }

  /**
   * The percent-encoded `X-Amz-Credential` of a presigned URL, remembered for the previous key id and
   * scope like {@link SigningKeyCache.credentialScope} (encoding it costs about 450 bytes of strings).
   * @internal
   */
  encodedCredential(accessKeyId: string, scope: string): string {
    const last = this.#credential;
    if (last !== undefined && last.accessKeyId === accessKeyId && last.scope === scope) return last.encoded;
    const encoded = uriEncode(`${accessKeyId}/${scope}`);
    this.#credential = { accessKeyId, scope, encoded };
    return encoded;
  }

  /** Number of cached keys. */
  get size(): number {
    return this.#entries.size;
  }

  /** Drops every cached key. */
  clear(): void {
    this.#entries.clear();
    this.#last = undefined;
    this.#scope = undefined;
    this.#credential = undefined;
  }

  /** The key for `scope`, derived on a miss; `sign` HMACs ASCII text with it. */
  lookup(accessKeyId: string, secretAccessKey: string, scope: string, derive: () => Uint8Array, crypto: CryptoBackend): { readonly key: Uint8Array; readonly sign: HmacHexSigner } {
    const last = this.#last;
    if (last !== undefined && last.scope === scope && last.accessKeyId === accessKeyId && last.secret === secretAccessKey) return last;
    const id = `${accessKeyId}\n${scope}`;
    const hit = this.#entries.get(id);
    if (hit !== undefined && hit.secret === secretAccessKey) return (this.#last = hit);
    const key = derive();
    const entry: Entry = { accessKeyId, scope, secret: secretAccessKey, key, sign: crypto.hmacHexSigner(key) };
    if (hit === undefined && this.#entries.size >= this.#maxEntries) {
      this.#entries.delete(this.#entries.keys().next().value as string);
    }
    this.#entries.set(id, entry);
    return (this.#last = entry);
  }

  toJSON(): { size: number } {
    return { size: this.#entries.size };
  }

  [INSPECT](): string {
    return `SigningKeyCache { size: ${this.#entries.size} }`;
  }
}

/** The module default, shared by calls that pass no `keyCache`. */
export const defaultKeyCache = new SigningKeyCache(64);
