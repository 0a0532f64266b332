/** Public shapes of the signing core: what goes in and what comes out. */
import type { SigningAlgorithm } from './algorithm.js';
import type { Credentials } from './credentials.js';
import type { SigningKeyCache } from './signingKey.js';

export type { Credentials };

/** Header input forms accepted by {@link signRequest}. Names are case-insensitive; repeats are merged in order. */
export type HeadersInput =
  | Readonly<Record<string, string | readonly string[] | undefined>>
  | Headers
  | Iterable<readonly [string, string]>;

/** Body types the core can hash. Streams go through `payloadHash` (or the fetch wrapper). */
export type BodyInput = string | Uint8Array | ArrayBuffer | null | undefined;

/**
 * A request to sign. `url` as a string is the wire form, taken exactly as written (no WHATWG
 * normalization, `%XX` escapes kept); a `URL` object is taken as WHATWG already encoded it.
 */
export interface SignableRequest {
  readonly method: string;
  readonly url: string | URL;
  readonly headers?: HeadersInput | undefined;
  readonly body?: BodyInput;
}

/**
 * The `@smithy/protocol-http` `HttpRequest` shape (AWS SDK v3), accepted by shape so that package
 * is not a runtime dependency. `path` is the wire path; `query` values are decoded; `null` is a bare key.
 */
export interface HttpRequestLike {
  readonly method: string;
  readonly protocol?: string | undefined;
  readonly hostname: string;
  readonly port?: number | undefined;
  readonly path: string;
  readonly query?: Readonly<Record<string, string | readonly string[] | null | undefined>> | undefined;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body?: unknown;
}

/** Where the session token goes. */
export type SessionTokenMode =
  /** Sent as `x-amz-security-token` (`X-Amz-Security-Token` when presigning) and signed. */
  | 'sign'
  /** Added after signing, outside the signature (AWS IoT WebSockets). */
  | 'append'
  /** Not added at all: the caller sends it some other way. */
  | 'omit';

import type { Sha256Function } from '../crypto/hash.js';
export type { Sha256Function };

/** Parameters of {@link signRequest} and {@link presignUrl}. Defaults depend on `service` (S3 or not). */
export interface SigningParams {
  readonly credentials: Credentials;
  /** Region in the credential scope, e.g. `us-east-1`: lowercase letters, digits and `-` (`'*'` with SigV4a). */
  readonly region: string;
  /** Signing name of the service, e.g. `mediaconnect`, `s3`, `execute-api`. */
  readonly service: string;
  /** Signing time. Default: now. */
  readonly signingDate?: Date | undefined;
  /** Remove `.`, `..` and empty path segments before encoding. Default: true, false for S3. */
  readonly normalizePath?: boolean | undefined;
  /**
   * true: the canonical path is the wire path percent-encoded once more ("double encoding").
   * false: the wire path is decoded and RFC 3986-encoded once (what S3 computes). Default: true, false for S3.
   */
  readonly uriEscapePath?: boolean | undefined;
  /** Default `'sign'`. */
  readonly sessionTokenMode?: SessionTokenMode | undefined;
  /**
   * Send and sign `x-amz-content-sha256` (header signing only). Default: true for S3, false otherwise.
   * With `UNSIGNED-PAYLOAD` or a `STREAMING-*` marker as `payloadHash` it is always sent (as botocore
   * does): without it the service hashes the body itself and the signature cannot match.
   */
  readonly contentSha256Header?: boolean | undefined;
  /** Lowercase hex SHA-256 of the body, `UNSIGNED-PAYLOAD`, or a `STREAMING-*` marker. Overrides hashing `body`. */
  readonly payloadHash?: string | undefined;
  /** Header names not to sign, added to the default list. A name also in `signedHeaders` is signed. */
  readonly unsignedHeaders?: readonly string[] | undefined;
  /**
   * If given, sign only these headers (plus `host` and the `x-amz-*` headers the signer adds).
   * A name listed here is signed even if it is on the default unsignable list or in `unsignedHeaders`
   * (as `signableHeaders` overrides `unsignableHeaders` in `@smithy/signature-v4`).
   */
  readonly signedHeaders?: readonly string[] | undefined;
  /** Signing-key cache to use instead of the bounded module default. */
  readonly keyCache?: SigningKeyCache | undefined;
  /** SHA-256 to use instead of `node:crypto` / `@aws-crypto/sha256-js`. */
  readonly sha256?: Sha256Function | undefined;
  /**
   * The signature algorithm, a value you import: SigV4 (HMAC-SHA256) when absent, `sigv4a()` from
   * `sigv4-kit/sigv4a` for SigV4a. A string (the old `'AWS4-ECDSA-P256-SHA256'`) is refused.
   */
  readonly algorithm?: SigningAlgorithm | undefined;
}

/** Parameters of {@link presignUrl}. */
export interface PresignParams extends SigningParams {
  /** Lifetime of the URL in whole seconds, 1..604800 (7 days). */
  readonly expiresIn: number;
}

/** A header-signed request: everything needed to send it, plus the intermediate strings for debugging. */
export interface SignedRequest {
  /** Method as it will be sent (the six standard methods upper-cased, as `fetch` does). */
  readonly method: string;
  /** Absolute URL to send: same path, query in canonical form, no fragment or user info. */
  readonly url: string;
  /** Every header to send, names lowercased: `host`, `x-amz-date`, `authorization`, ... */
  readonly headers: Record<string, string>;
  /** The body, unchanged (same reference). */
  readonly body?: BodyInput;
  /** SigV4 step 1. Contains the session token when it is signed: do not log it raw. */
  readonly canonicalRequest: string;
  /** SigV4 step 2. */
  readonly stringToSign: string;
  /** SigV4 step 4: lowercase hex HMAC-SHA256. */
  readonly signature: string;
  /** `;`-joined lowercase names of the signed headers. */
  readonly signedHeaders: string;
  /** `date/region/service/aws4_request`. */
  readonly credentialScope: string;
}

/** A presigned URL and the headers that must travel with it. */
export interface PresignedUrl {
  /** The URL, with `X-Amz-*` parameters and `X-Amz-Signature` last. */
  readonly url: string;
  /** Headers the caller must send with the URL (at least `host`). */
  readonly headers: Record<string, string>;
  readonly canonicalRequest: string;
  readonly stringToSign: string;
  readonly signature: string;
  readonly signedHeaders: string;
  readonly credentialScope: string;
  /** When the URL stops working (signing date + expiresIn). */
  readonly expiresAt: Date;
}
