/** Public shapes of server-side verification: what {@link verifyRequest} takes and answers. */
import type { BodyVerificationError } from '../errors.js';
import type { SigningKeyCache } from '../sigv4/signingKey.js';
import type { SigningAlgorithm } from '../sigv4/algorithm.js';
import type { BodyInput, HeadersInput, Sha256Function } from '../sigv4/types.js';

/**
 * Why a request was refused: AWS's own error codes, so a client that already handles AWS errors
 * understands ours. `ExpiredToken` and `XAmzContentSHA256Mismatch` are AWS codes too (temporary
 * credentials past their expiry; an S3 body that does not match its signed hash).
 */
export type VerifyFailureCode =
  | 'SignatureDoesNotMatch'
  | 'IncompleteSignature'
  | 'MissingAuthenticationToken'
  | 'InvalidClientTokenId'
  | 'ExpiredToken'
  | 'RequestTimeTooSkewed'
  | 'RequestExpired'
  | 'AuthorizationQueryParametersError'
  | 'XAmzContentSHA256Mismatch'
  // aws-chunked bodies (S3 streaming uploads): truncated or malformed framing, a wrong trailing checksum,
  // headers that describe no aws-chunked body, a missing x-amz-decoded-content-length.
  | 'IncompleteBody'
  | 'BadDigest'
  | 'InvalidRequest'
  | 'MissingContentLength'
  // S3's code for a header section (or URL) over the caps read before authentication.
  | 'RequestHeaderSectionTooLarge';

/** What the server knows about an access key. `accessKeyId` may be omitted (it is the one asked for). */
export interface VerifyCredentials {
  readonly accessKeyId?: string | undefined;
  readonly secretAccessKey: string;
  /** Temporary credentials: the request must present exactly this token. */
  readonly sessionToken?: string | undefined;
  /** After this instant the request is refused with `ExpiredToken`. */
  readonly expiration?: Date | undefined;
}

/** The request as the server received it: the shape {@link signRequest} takes. */
export interface VerifiableRequest {
  readonly method: string;
  /**
   * The URL exactly as received: absolute (`https://host/path?query`) or the raw request target
   * (`/path?query`, as Node's `req.url`), which is then joined to the `Host` header.
   */
  readonly url: string | URL;
  readonly headers?: HeadersInput | undefined;
  /** The body, when the server has read it; `undefined` means "not given", not "empty". */
  readonly body?: BodyInput;
}

/** Options of {@link verifyRequest}. */
export interface VerifyOptions {
  /** Looks up the secret for an access key id; `undefined` for an unknown key (InvalidClientTokenId). */
  readonly getCredentials: (accessKeyId: string) => VerifyCredentials | undefined | Promise<VerifyCredentials | undefined>;
  /** The current time. Default: `new Date()` at the call. */
  readonly now?: Date | undefined;
  /** How far the request's date may be from `now`, in seconds. Default 300 (AWS's 5 minutes). */
  readonly maxSkewSeconds?: number | undefined;
  /** Accept only these regions in the credential scope. Default: any. */
  readonly regions?: ReadonlySet<string> | readonly string[] | undefined;
  /**
   * Answer only for these hosts: the `Host` header (or the absolute URL's host) must be one of them
   * exactly, compared case-insensitively, with the port when the client sends one (`api.example.com`,
   * `localhost:8080`). Set it first: without it a request signed for any other service or host that
   * shares your keys verifies here too. A host not listed is refused with `InvalidRequest`. Default: any.
   */
  readonly hosts?: ReadonlySet<string> | readonly string[] | undefined;
  /** Accept only these services (signing names) in the credential scope. Default: any. */
  readonly services?: ReadonlySet<string> | readonly string[] | undefined;
  /** Override the path rule for every service (default: normalize for all but S3). */
  readonly normalizePath?: boolean | undefined;
  /** Override the path rule for every service (default: double encoding for all but S3). */
  readonly uriEscapePath?: boolean | undefined;
  /**
   * Presigned URLs only. 'sign' (default): `X-Amz-Security-Token` is part of the signed query.
   * 'append': it was added after signing (AWS IoT), so it is left out of the canonical query.
   */
  readonly sessionTokenMode?: 'sign' | 'append' | undefined;
  /** Signing-key cache to use instead of the bounded module default. */
  readonly keyCache?: SigningKeyCache | undefined;
  /** SHA-256 to use instead of the platform default. */
  readonly sha256?: Sha256Function | undefined;
  /**
   * Algorithms accepted besides SigV4 (always accepted), e.g. `[sigv4a()]` from `sigv4-kit/sigv4a`.
   * A request signed with an algorithm not listed is refused (IncompleteSignature /
   * AuthorizationQueryParametersError).
   */
  readonly algorithms?: readonly SigningAlgorithm[] | undefined;
}

/**
 * What the signature says about the body.
 * - `verified`: the body was given and the signature covers its hash.
 *   For an aws-chunked body (`STREAMING-*` marker): every chunk signature, the trailer's signature and
 *   checksum and the decoded length were checked, and `decodedBody` holds the object's bytes.
 * - `unsigned`: `UNSIGNED-PAYLOAD`, or a `STREAMING-*` marker without the body (read a streamed body
 *   through the result's `readChunkedBody`, which checks it).
 * - `unchecked`: no body given; the signature covers the declared `x-amz-content-sha256` or the empty body.
 */
export type PayloadStatus = 'verified' | 'unsigned' | 'unchecked';

/** A request whose signature is valid. */
export interface VerifySuccess {
  readonly valid: true;
  readonly accessKeyId: string;
  /** The algorithm id: `AWS4-HMAC-SHA256`, or e.g. `AWS4-ECDSA-P256-SHA256` (SigV4a). */
  readonly algorithm: string;
  /** The credential scope's region; '' for SigV4a, whose scope has none (see `parameters`). */
  readonly region: string;
  /**
   * The algorithm's signed parameters by header name, when it has any: SigV4a's region set is
   * `parameters['x-amz-region-set']` (comma-separated, `*` wildcards).
   */
  readonly parameters?: Readonly<Record<string, string>>;
  readonly service: string;
  /**
   * The request's signature, for a replay cache. SigV4a: normalised to low-s, because `(r, s)` and
   * `(r, n - s)` both verify; the two spellings of one signature give this same value.
   */
  readonly signature: string;
  /** Lowercase names of the headers the signature covers, sorted. */
  readonly signedHeaders: readonly string[];
  /** The request's signing time (`X-Amz-Date`, or the `Date` header). */
  readonly signingDate: Date;
  /** The session token the request presented (temporary credentials). Redacted in JSON and inspect. */
  readonly sessionToken?: string;
  /** true for a presigned URL (query authentication). */
  readonly presigned: boolean;
  /** Presigned URLs: when the URL stops working. */
  readonly expiresAt?: Date;
  /** `date/region/service/aws4_request`. */
  readonly credentialScope: string;
  /** The payload hash line the signature covers. */
  readonly payloadHash: string;
  readonly payload: PayloadStatus;
  /** aws-chunked bodies given to verifyRequest: the decoded (and verified) content. */
  readonly decodedBody?: Uint8Array;
  /**
   * aws-chunked bodies not given to verifyRequest (`payload: 'unsigned'` with a `STREAMING-*` marker):
   * reads the raw body stream and yields the decoded data, each chunk only after its signature (and at
   * the end the trailer's signature, checksum and the decoded length) passed; throws
   * {@link BodyVerificationError} at the first problem. Memory: one chunk.
   */
  readonly readChunkedBody?: (body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | Iterable<Uint8Array>) => AsyncGenerator<Uint8Array, void, undefined>;
  /** The path the signature covers, as the service must route it (normalized for non-S3 services). */
  readonly canonicalUri: string;
}

/** A refused request. `message` never contains a secret, a session token or the signature. */
export interface VerifyFailure {
  readonly valid: false;
  readonly code: VerifyFailureCode;
  readonly message: string;
  /** The access key id, once it could be read. */
  readonly accessKeyId?: string;
  /** SignatureDoesNotMatch: the canonical request the server computed (as AWS returns it; token redacted in JSON). */
  readonly canonicalRequest?: string;
  /** SignatureDoesNotMatch: the string to sign the server computed. */
  readonly stringToSign?: string;
}

/** The answer of {@link verifyRequest}. */
export type VerifyResult = VerifySuccess | VerifyFailure;
