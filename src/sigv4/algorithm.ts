/**
 * The signing-algorithm interface: what the core asks of a signature algorithm. The core (sign,
 * presign, verify, aws-chunked) calls these hooks and never compares algorithm names, so a variant
 * (SigV4a in `sigv4-kit/sigv4a`, X.509 Roles Anywhere, ...) is a value the caller imports and passes
 * as `algorithm`; nothing the default entry loads knows about it. SigV4 (HMAC) is the default
 * ({@link SIGV4}, in hmac.ts).
 */
import type { CryptoBackend } from '../crypto/hash.js';
import type { Credentials } from './credentials.js';
import type { SigningKeyCache } from './signingKey.js';

/**
 * What an algorithm sees of one signature (signing, verifying or a chunk of the same request):
 * the resolved parameters, never the request itself. Read its fields; do not keep it.
 */
export interface AlgorithmContext {
  /** The checked credentials ({@link SigningAlgorithm.checkCredentials}). */
  readonly credentials: Credentials;
  /** The region the caller signs for ('' when verifying a scope that has none, as SigV4a's). */
  readonly region: string;
  /** The signing name of the service. */
  readonly service: string;
  /** `YYYYMMDD` of the signing time. */
  readonly date: string;
  /** `YYYYMMDDTHHMMSSZ` of the signing time. */
  readonly amzDate: string;
  readonly crypto: CryptoBackend;
  /** The bounded key cache of the call: derive keys once per credentials and scope here. */
  readonly keyCache: SigningKeyCache;
}

/** Signs one string to sign and returns the `Signature` value as sent (lowercase hex for AWS's algorithms). */
export type StringSigner = (stringToSign: string) => string;

/**
 * {@link StringSigner} for a key that only signs asynchronously (WebCrypto's `crypto.subtle.sign`):
 * the `Signature` value as sent, once the key has signed.
 */
export type AsyncStringSigner = (stringToSign: string) => Promise<string>;

/**
 * A signed authentication parameter an algorithm adds: sent and signed as the header `header` by
 * {@link signRequest}, as the query parameter `query` by {@link presignUrl}. SigV4a's region set is
 * `{ header: 'x-amz-region-set', query: 'X-Amz-Region-Set', value: 'us-east-1,us-west-2' }`.
 */
export interface AlgorithmParameter {
  /** Lowercase header name. */
  readonly header: string;
  /** Query parameter name when presigning (`X-Amz-*`). */
  readonly query: string;
  /** The value, unencoded (the presigner percent-encodes it). */
  readonly value: string;
}

/** The parts of a `Credential=` value (or `X-Amz-Credential`) the server looks credentials up by. */
export interface ParsedCredential {
  /** The id before the scope: the access key id (or whatever id the algorithm signs with). */
  readonly accessKeyId: string;
  readonly date: string;
  /** '' when the algorithm's scope has no region. */
  readonly region: string;
  readonly service: string;
}

/** What {@link AlgorithmVerifier.verify} gets besides the string to sign and the signature. */
export interface VerifyContext extends AlgorithmContext {
  /**
   * The signed authentication parameters the request carried, by header name (lowercase): the
   * header values for header authentication, the query values for a presigned URL.
   */
  readonly parameters: ReadonlyMap<string, string>;
}

/**
 * A signed parameter the verifier reads. `optional` (X.509's `x-amz-x509-chain`): it may be absent,
 * but when present it must be signed like the others.
 */
export interface VerifierParameter extends Omit<AlgorithmParameter, 'value'> {
  readonly optional?: boolean | undefined;
}

/** The server side of an algorithm: what `verifyRequest` asks of it. */
export interface AlgorithmVerifier {
  /**
   * Reads the value of `Credential=` / `X-Amz-Credential`: the parts, or a message saying what is
   * wrong (the request is then refused with that message).
   */
  parseCredential(value: string): ParsedCredential | string;
  /** Whether `Signature=` has this algorithm's form (checked before any credential lookup). */
  isSignature(value: string): boolean;
  /**
   * Parameters that must be present and signed (by header name; the query form is `query`), e.g.
   * SigV4a's `x-amz-region-set`. Missing or unsigned: the request is refused.
   */
  readonly parameters?: readonly VerifierParameter[] | undefined;
  /**
   * Whether the request may be used in the endpoint's `region` (the `regions` option of
   * verifyRequest). Default: the scope's region is `region`. SigV4a checks its region set.
   */
  coversRegion?(credential: ParsedCredential, parameters: ReadonlyMap<string, string>, region: string): boolean;
  /**
   * Whether `signature` is a valid signature of `stringToSign` under the context's credentials.
   * Called for the request's signature and for every aws-chunked chunk and trailer signature (whose
   * padding, if any, is already removed). Must not throw on a malformed signature: answer false.
   */
  verify(stringToSign: string, signature: string, context: VerifyContext): boolean;
  /**
   * The one text of `signature` reported as `VerifySuccess.signature` (replay caches key on it), for
   * an algorithm whose signatures are malleable: SigV4a answers the low-s form of the ECDSA
   * signature, the same for `(r, s)` and `(r, n - s)`. Default: the signature as received.
   */
  canonicalSignature?(signature: string): string;
}

/**
 * A signature algorithm. Pass one as `algorithm` to {@link signRequest}, {@link presignUrl},
 * {@link createSigner}, `createSignedFetch`, the SDK adapter and `encodeChunkedBody`; list the ones a
 * server accepts in `verifyRequest`'s `algorithms` (SigV4 is always accepted).
 *
 * The core builds the canonical request (with the {@link AlgorithmParameter}s signed), the string
 * to sign `name \n amzDate \n scope \n hex(sha256(canonical request))`, and the authentication
 * `name Credential=<credentialId>/<scope>, SignedHeaders=..., Signature=<signer(stringToSign)>`.
 * aws-chunked chunk strings start with `name-PAYLOAD` / `name-TRAILER` and are signed by the same
 * signer.
 * @example
 * // The shape of a third-party algorithm (the hooks a variant supplies):
 * const myAlgorithm: SigningAlgorithm = {
 *   name: 'AWS4-X509-ECDSA-SHA256',
 *   scope: (c) => `${c.date}/${c.region}/${c.service}/aws4_request`,
 *   credentialId: () => certificateSerialDecimal,
 *   parameters: () => [{ header: 'x-amz-x509', query: 'X-Amz-X509', value: certificateBase64 }],
 *   signer: () => (stringToSign) => ecdsaSignHex(privateKey, stringToSign),
 * };
 * signRequest(request, { credentials, region: 'us-east-1', service: 'rolesanywhere', algorithm: myAlgorithm });
 */
export interface SigningAlgorithm {
  /** The algorithm id: first line of the string to sign, `X-Amz-Algorithm`, start of `Authorization`. */
  readonly name: string;
  /**
   * Validates the `credentials` signing parameter and returns what the context carries (throwing a
   * `CredentialsError` that names the fix, without secret values). Default: SigV4's rules (an access
   * key id and a secret access key; not expired at `at`). An algorithm that signs with its own key
   * (X.509) accepts what it needs here.
   */
  checkCredentials?(credentials: unknown, at: Date): Credentials;
  /** True when `region: '*'` means something (SigV4a: the default region set, valid everywhere). Default false. */
  readonly wildcardRegion?: boolean | undefined;
  /** The credential scope: `date/region/service/aws4_request` for SigV4, without region for SigV4a. */
  scope(context: AlgorithmContext): string;
  /** The id in front of the scope in `Credential=`. Default: `credentials.accessKeyId`. */
  credentialId?(context: AlgorithmContext): string;
  /** Signed authentication parameters to add (headers, or query parameters when presigning). */
  parameters?(context: AlgorithmContext): readonly AlgorithmParameter[] | undefined;
  /**
   * The signer for strings to sign under `scope` (the value `scope` returned for the same
   * context). Called once per request and once per aws-chunked body, whose chunks it then signs.
   * Absent on an algorithm whose key signs only asynchronously (it has {@link signerAsync}): the
   * synchronous calls then refuse it (`INVALID_OPTION`, naming `signRequestAsync`).
   */
  signer?(context: AlgorithmContext, scope: string): StringSigner;
  /**
   * The asynchronous signer, for keys that cannot sign synchronously (WebCrypto in browsers and
   * workers: the portable `sigv4-kit/x509`). Used by `signRequestAsync` / `presignUrlAsync` (and
   * `createSigner`, `createSignedFetch`, the SDK adapter) only when {@link signer} is absent, so SigV4
   * pays nothing for it.
   */
  signerAsync?(context: AlgorithmContext, scope: string): AsyncStringSigner;
  /**
   * aws-chunked: the length chunk signatures are padded to with `*` so the body length is known in
   * advance (SigV4a: 144). Default: signatures are not padded and have the length of the first one.
   */
  readonly chunkSignatureLength?: number | undefined;
  /** The server side; without it `verifyRequest` cannot accept this algorithm. */
  readonly verifier?: AlgorithmVerifier | undefined;
}

/**
 * True for a value shaped like a {@link SigningAlgorithm} the synchronous calls can use (a name, a
 * scope and a `signer`). An async-only algorithm ({@link isAsyncOnly}) is not: the async calls
 * wrap it into one.
 */
export function isSigningAlgorithm(value: unknown): value is SigningAlgorithm {
  if (value === null || typeof value !== 'object') return false;
  const a = value as Partial<SigningAlgorithm>;
  return typeof a.name === 'string' && /^[A-Z0-9][A-Z0-9-]*$/.test(a.name) && typeof a.scope === 'function' && typeof a.signer === 'function';
}

/** True when `algorithm` signs only asynchronously (`signerAsync`, no `signer`): the async calls then take the async path. */
export function isAsyncOnly(algorithm: SigningAlgorithm | undefined): boolean {
  return algorithm != null && typeof algorithm === 'object' && algorithm.signer === undefined && typeof algorithm.signerAsync === 'function';
}
