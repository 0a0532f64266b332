/**
 * Typed errors. Every error sigv4-kit throws is a {@link SigV4Error} subclass with a stable `code`.
 * A released code never changes meaning; codes are added, never renamed.
 * Messages name the field and what is accepted; they never contain a secret key, a session token
 * or an `authorization` value.
 * @module
 */

/** Codes for bad requests or signing parameters: fix the input. */
export type InvalidRequestCode =
  | 'INVALID_URL'
  | 'INVALID_METHOD'
  | 'INVALID_HEADER_NAME'
  | 'INVALID_HEADER_VALUE'
  | 'HOST_MISMATCH'
  | 'INVALID_QUERY'
  | 'INVALID_BODY'
  | 'INVALID_PAYLOAD_HASH'
  | 'INVALID_REGION'
  | 'INVALID_SERVICE'
  | 'INVALID_DATE'
  | 'INVALID_EXPIRES'
  | 'INVALID_OPTION';

/** Codes for credentials that are missing, malformed or expired. */
export type CredentialsCode =
  | 'INVALID_CREDENTIALS'
  | 'CREDENTIALS_EXPIRED'
  | 'NO_CREDENTIALS'
  | 'ROOT_CREDENTIALS_REFUSED'
  | 'MFA_CODE_REQUIRED';

/** Codes for a credential source that failed (network, STS, files, processes). */
export type ProviderCode =
  | 'PROVIDER_FAILED'
  | 'STS_ERROR'
  | 'METADATA_UNREACHABLE'
  | 'METADATA_TIMEOUT'
  | 'PROFILE_PARSE_ERROR'
  | 'PROFILE_NOT_FOUND'
  | 'PROCESS_FAILED'
  | 'PROCESS_TIMEOUT';

/** Codes for an AWS service that answered with an error (fetch wrapper, CLI). */
export type ServiceCode = 'SERVICE_ERROR';

/** Codes for a received body that failed verification (an aws-chunked upload read through `readChunkedBody`). */
export type BodyCode = 'BODY_REJECTED';

/** Codes for a request that got no answer: DNS, refused or reset connection, TLS, timeout (fetch wrapper, CLI). */
export type NetworkCode = 'NETWORK_ERROR';

/** Every stable error code. */
export type ErrorCode = InvalidRequestCode | CredentialsCode | ProviderCode | ServiceCode | BodyCode | NetworkCode;

/** Base class of every error sigv4-kit throws. Test `code`, not the message text. */
export class SigV4Error<C extends ErrorCode = ErrorCode> extends Error {
  /** Stable, machine-readable reason. */
  readonly code: C;
  constructor(code: C, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * The request or the signing parameters are not acceptable; nothing was signed.
 * @example
 * try { signRequest({ method: 'GET', url: '/relative' }, params); }
 * catch (e) { if (e instanceof InvalidRequestError) console.log(e.code); } // 'INVALID_URL'
 */
export class InvalidRequestError extends SigV4Error<InvalidRequestCode> {}

/** Credentials are missing, malformed, expired, or refused (root). */
export class CredentialsError extends SigV4Error<CredentialsCode> {}

/** A credential source failed; `cause` holds the underlying error where there is one. */
export class ProviderError extends SigV4Error<ProviderCode> {}

/** The AWS error code a server answers for a rejected body: S3's own. */
export type BodyRejectionCode = 'SignatureDoesNotMatch' | 'IncompleteBody' | 'BadDigest';

/**
 * A streamed request body failed verification: a chunk or trailer signature does not match, the
 * checksum is wrong, or the framing is broken or incomplete. `awsCode` is what S3 would answer.
 * @example
 * try { for await (const bytes of result.readChunkedBody(req)) file.write(bytes); }
 * catch (e) { if (e instanceof BodyVerificationError) res.writeHead(e.awsCode === 'SignatureDoesNotMatch' ? 403 : 400); }
 */
export class BodyVerificationError extends SigV4Error<BodyCode> {
  /** `SignatureDoesNotMatch`, `IncompleteBody` or `BadDigest`. */
  readonly awsCode: BodyRejectionCode;
  constructor(awsCode: BodyRejectionCode, message: string) {
    super('BODY_REJECTED', message);
    this.awsCode = awsCode;
  }
}
