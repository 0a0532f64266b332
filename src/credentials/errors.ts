/**
 * Credential errors that carry more than a code: what was tried, what STS said, where a file broke.
 * They extend the public classes of src/errors.ts, so `instanceof CredentialsError` and `.code`
 * keep working. Messages never contain a secret key, a session token or a web identity token.
 */
import { CredentialsError, ProviderError, type ProviderCode, SigV4Error } from '../errors.js';

/**
 * No provider had credentials. `tried` lists each source consulted and why it had none, in order.
 * A chain moves on to its next provider on this error, and on no other.
 */
export class NoCredentialsError extends CredentialsError {
  /** One entry per source consulted: `"<source>: <why it had nothing>"`. */
  readonly tried: readonly string[];
  constructor(tried: readonly string[], options?: ErrorOptions) {
    super('NO_CREDENTIALS', `no credentials found; tried: ${tried.join('; ') || 'nothing'}`, options);
    this.tried = Object.freeze([...tried]);
  }
}

/** Builds the error a provider throws when its source is simply not configured. */
export function notConfigured(source: string, reason: string, options?: ErrorOptions): NoCredentialsError {
  return new NoCredentialsError([`${source}: ${reason}`], options);
}

/** True for the one error that lets a chain continue. */
export function isNoCredentials(error: unknown): error is CredentialsError {
  return error instanceof CredentialsError && error.code === 'NO_CREDENTIALS';
}

/** What STS answered, for {@link StsError}. */
export interface StsErrorDetails {
  /** The STS action, e.g. `AssumeRole`. */
  readonly action: string;
  /** HTTP status of the answer. */
  readonly httpStatus: number;
  /** AWS error code, e.g. `AccessDenied`, `InvalidClientTokenId`, `ExpiredTokenException`. */
  readonly awsCode?: string | undefined;
  /** `Sender` or `Receiver`. */
  readonly awsType?: string | undefined;
  /** AWS request id from the body or the `x-amzn-requestid` header, for AWS support. */
  readonly requestId?: string | undefined;
  /** AWS's message (secrets we sent are scrubbed from it). */
  readonly awsMessage?: string | undefined;
}

/** STS answered with an error (code `STS_ERROR`). */
export class StsError extends ProviderError {
  readonly action: string;
  readonly httpStatus: number;
  readonly awsCode: string | undefined;
  readonly awsType: string | undefined;
  readonly requestId: string | undefined;
  constructor(details: StsErrorDetails, options?: ErrorOptions) {
    const what = details.awsCode
      ? `${details.awsCode}: ${details.awsMessage ?? ''}`.trim()
      : `HTTP ${details.httpStatus}${details.awsMessage ? `: ${details.awsMessage}` : ''}`;
    const id = details.requestId ? ` (request id ${details.requestId})` : '';
    super('STS_ERROR', `STS ${details.action} failed: ${what}${id}`, options);
    this.action = details.action;
    this.httpStatus = details.httpStatus;
    this.awsCode = details.awsCode;
    this.awsType = details.awsType;
    this.requestId = details.requestId;
  }
}

/** A shared config or credentials file is malformed (code `PROFILE_PARSE_ERROR`). */
export class ProfileParseError extends ProviderError {
  /** Path of the file, or the name the caller gave the text. */
  readonly file: string;
  /** 1-based line number. */
  readonly line: number;
  constructor(file: string, line: number, reason: string) {
    super('PROFILE_PARSE_ERROR', `${file}:${line}: ${reason}`);
    this.file = file;
    this.line = line;
  }
}

/** A `credential_process` command failed or timed out (`PROCESS_FAILED` / `PROCESS_TIMEOUT`). */
export class ProcessError extends ProviderError {
  /** Exit code, when the process exited on its own. */
  readonly exitCode: number | undefined;
  /** The end of what the process wrote to stderr (at most 2 KiB), for diagnosis. */
  readonly stderr: string;
  constructor(
    code: Extract<ProviderCode, 'PROCESS_FAILED' | 'PROCESS_TIMEOUT'>,
    message: string,
    details: { readonly exitCode?: number | undefined; readonly stderr?: string },
  ) {
    super(code, message);
    this.exitCode = details.exitCode;
    this.stderr = details.stderr ?? '';
  }
}

/** Re-throws SigV4 errors unchanged and wraps anything else as `PROVIDER_FAILED` with `message`. */
export function asProviderError(error: unknown, message: string): SigV4Error {
  return error instanceof SigV4Error ? error : new ProviderError('PROVIDER_FAILED', message, { cause: error });
}

/**
 * A sign-in session (IAM Identity Center or `aws login`) is missing, expired or was refused
 * (code `CREDENTIALS_EXPIRED`). `command` is what the user runs to sign in again. A chain never
 * moves past this error to another identity.
 * @example
 * try { await fromSso({ profile: 'dev' })(); }
 * catch (e) { if (e instanceof LoginRequiredError) console.error(`run: ${e.command}`); }
 */
export class LoginRequiredError extends CredentialsError {
  /** The command that signs in again, e.g. `aws sso login --profile dev` or `aws login --profile console`. */
  readonly command: string;
  constructor(reason: string, command: string, options?: ErrorOptions) {
    super('CREDENTIALS_EXPIRED', `${reason}; run \`${command}\` to sign in again`, options);
    this.command = command;
  }
}

/** What an AWS JSON service answered, for {@link AwsServiceCallError}. */
export interface AwsServiceCallDetails {
  /** e.g. `SSO`, `SSO-OIDC`, `Sign-In`, `Cognito Identity`. */
  readonly service: string;
  /** e.g. `GetRoleCredentials`. */
  readonly operation: string;
  readonly httpStatus: number;
  /** The AWS error code (`UnauthorizedException`, `TOKEN_EXPIRED`, ...), when the answer named one. */
  readonly awsCode?: string | undefined;
  readonly awsMessage?: string | undefined;
  /** Sign-In's OAuth error (`TOKEN_EXPIRED`, `USER_CREDENTIALS_CHANGED`, `INSUFFICIENT_PERMISSIONS`, ...): the body's `error` field. */
  readonly oauthError?: string | undefined;
  readonly requestId?: string | undefined;
}

/**
 * An AWS JSON service a credential provider calls (SSO portal, SSO-OIDC, Sign-In, Cognito Identity)
 * answered with an error (code `PROVIDER_FAILED`). Tokens sent are scrubbed from the message.
 */
export class AwsServiceCallError extends ProviderError {
  readonly service: string;
  readonly operation: string;
  readonly httpStatus: number;
  readonly awsCode: string | undefined;
  readonly oauthError: string | undefined;
  readonly requestId: string | undefined;
  constructor(details: AwsServiceCallDetails, options?: ErrorOptions) {
    const code = [details.awsCode, details.oauthError].filter((c) => c !== undefined && c !== '').join(' ');
    const what = code ? `${code}${details.awsMessage ? `: ${details.awsMessage}` : ''}` : `HTTP ${details.httpStatus}`;
    const id = details.requestId ? ` (request id ${details.requestId})` : '';
    super('PROVIDER_FAILED', `${details.service} ${details.operation} failed: ${what}${id}`, options);
    this.service = details.service;
    this.operation = details.operation;
    this.httpStatus = details.httpStatus;
    this.awsCode = details.awsCode;
    this.oauthError = details.oauthError;
    this.requestId = details.requestId;
  }
}
