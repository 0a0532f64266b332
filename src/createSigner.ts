/** The async facade: binds a credential source, a clock and a key cache to the synchronous core, with one await. */
import { systemClock, type Clock } from './clock.js';
import { presignUrl } from './signer/presign.js';
import { signRequest } from './signer/sign.js';
import { SigningKeyCache } from './signer/signingKey.js';
import type { Credentials, HttpRequestLike, PresignedUrl, PresignParams, SignableRequest, SignedRequest, SigningParams } from './signer/types.js';

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
  const { credentials, clock = systemClock, ...base } = config;
  const keyCache = config.keyCache ?? new SigningKeyCache();
  const resolve = typeof credentials === 'function' ? credentials : () => Promise.resolve(credentials);
  const params = async (overrides: SignOverrides | undefined): Promise<SigningParams> => {
    const current = await resolve();
    // Read the clock after the await: a slow provider must not leave us signing with a stale time.
    return { ...base, keyCache, ...overrides, credentials: current, signingDate: overrides?.signingDate ?? clock() };
  };
  return {
    sign: async (request, overrides) => signRequest(request, await params(overrides)),
    presign: async (request, options) => presignUrl(request, { ...(await params(options)), expiresIn: options.expiresIn } as PresignParams),
  };
}
