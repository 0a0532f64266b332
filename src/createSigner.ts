/** The async facade: binds a credential source, a clock and a key cache to the synchronous core, with one await. */
import { systemClock, type Clock } from './clock.js';
import { toProvider } from './credentials/credentials.js';
import { isAsyncOnly } from './sigv4/algorithm.js';
import { presignUrl } from './sigv4/presign.js';
import { signRequest } from './sigv4/sign.js';
import { presignUrlAsync, signRequestAsync } from './sigv4/signAsync.js';
import { SigningKeyCache } from './sigv4/signingKey.js';
import type { Credentials, HttpRequestLike, PresignedUrl, PresignParams, SignableRequest, SignedRequest, SigningParams } from './sigv4/types.js';

/** Options of {@link createSigner}: the signing params minus the per-call ones, plus where credentials and time come from. */
export interface SignerConfig extends Omit<SigningParams, 'credentials' | 'signingDate'> {
  /** Fixed credentials, or a provider called before each signature (wrap it in `cached()` to avoid refetching). */
  readonly credentials: Credentials | (() => Promise<Credentials>);
  /** Default: the system clock. */
  readonly clock?: Clock | undefined;
}

/** Per-call overrides of {@link Signer.sign}. */
export type SignOverrides = Partial<Omit<SigningParams, 'credentials'>>;

/** A signer bound to one service and region. */
export interface Signer {
  /** Header-signs `request` with fresh credentials and the clock's time. */
  sign(request: SignableRequest | HttpRequestLike, overrides?: SignOverrides): Promise<SignedRequest>;
  /** Presigns `request` for `expiresIn` seconds. */
  presign(request: SignableRequest | HttpRequestLike, options: { readonly expiresIn: number } & SignOverrides): Promise<PresignedUrl>;
}

/**
 * Creates an async {@link Signer}. The provider is awaited once per call, then the synchronous core signs.
 * @example
 * const signer = createSigner({ credentials: fromEnv(), region: 'us-east-1', service: 'mediaconnect' });
 * const signed = await signer.sign({ method: 'GET', url: 'https://mediaconnect.us-east-1.amazonaws.com/v1/flows' });
 */
export function createSigner(config: SignerConfig): Signer {
  const { clock = systemClock } = config;
  const base: SignerConfig = { ...config, keyCache: config.keyCache ?? new SigningKeyCache() };
  // Fixed credentials are sealed once (checked, copied, frozen, redacted when printed), as
  // createSignedFetch and the SDK adapter do: a bad key fails here, not at the first signature.
  const resolve = toProvider(config.credentials, 'credentials');
  // One async function per call (not a helper awaited by another): each async frame is a promise more.
  // The clock is read after the await: a slow provider must not leave us signing with a stale time.
  return {
    sign: async (request, overrides) => {
      const current = await resolve();
      const params = bindParams(base, overrides ?? NO_OVERRIDES, current, overrides?.signingDate ?? clock(), 0);
      // Only a key that cannot sign synchronously (WebCrypto) takes the async path: SigV4 pays one check.
      return isAsyncOnly(params.algorithm) ? signRequestAsync(request, params) : signRequest(request, params);
    },
    presign: async (request, options) => {
      const current = await resolve();
      const params = bindParams(base, options, current, options.signingDate ?? clock(), options.expiresIn);
      return isAsyncOnly(params.algorithm) ? presignUrlAsync(request, params) : presignUrl(request, params);
    },
  };
}

const NO_OVERRIDES: SignOverrides = {};

// Field by field rather than `{ ...base, ...overrides }`: on Node 20 that spread costs more than the
// signature itself (the bench's async-facade row), and this runs once per request.
// expiresIn rides along (ignored by signRequest) so presigning needs no second copy.
function bindParams(base: SignerConfig, o: SignOverrides, credentials: Credentials, signingDate: Date, expiresIn: number): PresignParams {
  return {
    credentials,
    signingDate,
    expiresIn,
    region: o.region ?? base.region,
    service: o.service ?? base.service,
    normalizePath: o.normalizePath ?? base.normalizePath,
    uriEscapePath: o.uriEscapePath ?? base.uriEscapePath,
    sessionTokenMode: o.sessionTokenMode ?? base.sessionTokenMode,
    contentSha256Header: o.contentSha256Header ?? base.contentSha256Header,
    payloadHash: o.payloadHash ?? base.payloadHash,
    unsignedHeaders: o.unsignedHeaders ?? base.unsignedHeaders,
    signedHeaders: o.signedHeaders ?? base.signedHeaders,
    keyCache: o.keyCache ?? base.keyCache,
    sha256: o.sha256 ?? base.sha256,
    algorithm: o.algorithm ?? base.algorithm,
  };
}
