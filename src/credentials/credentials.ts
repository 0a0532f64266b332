/** Credentials as values: validated, copied, frozen, and unable to print their secrets. */
import { CredentialsError, InvalidRequestError } from '../errors.js';
import { INSPECT, maskAccessKeyId, REDACTED } from '../redact.js';
import { checkCredentials } from '../sigv4/options.js';
import type { Credentials } from '../sigv4/types.js';
import type { CredentialProvider } from './provider.js';
import { refuseSelfReference } from './reentry.js';

const EPOCH = new Date(0);
const ACCOUNT_ID = /^\d{12}$/;

/** The account id in an IAM or STS ARN (`arn:aws:sts::123456789012:assumed-role/...`), or undefined. */
export function accountIdFromArn(arn: string | undefined): string | undefined {
  return /^arn:[\w-]+:(?:sts|iam)::(\d{12}):/.exec(arn ?? '')?.[1];
}

/**
 * Validates `input` (shape only: expiry is the cache's business), copies and freezes it. The result
 * redacts the secret key and session token in `JSON.stringify`, `String()` and `util.inspect`
 * (`console.log`, `%o`); the fields themselves stay ordinary readable properties.
 * @example
 * const creds = sealCredentials({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalr...' });
 * JSON.stringify(creds); // {"accessKeyId":"AKID...MPLE","secretAccessKey":"[redacted]"}
 * @throws {CredentialsError} `INVALID_CREDENTIALS`, naming the bad field but never its value.
 */
export function sealCredentials(input: Credentials): Credentials {
  checkCredentials(input, EPOCH);
  if (input.accountId !== undefined && (typeof input.accountId !== 'string' || !ACCOUNT_ID.test(input.accountId))) {
    throw new CredentialsError('INVALID_CREDENTIALS', 'credentials.accountId must be a 12-digit AWS account id, such as 123456789012 (check AWS_ACCOUNT_ID or aws_account_id)');
  }
  const sealed: Credentials = {
    accessKeyId: input.accessKeyId,
    secretAccessKey: input.secretAccessKey,
    ...(input.sessionToken === undefined ? {} : { sessionToken: input.sessionToken }),
    // A Date is mutable: keep our own copy.
    ...(input.expiration === undefined ? {} : { expiration: new Date(input.expiration.getTime()) }),
    ...(input.accountId === undefined ? {} : { accountId: input.accountId }),
  };
  const redacted = (): Record<string, string> => ({
    accessKeyId: maskAccessKeyId(sealed.accessKeyId),
    secretAccessKey: REDACTED,
    ...(sealed.sessionToken === undefined ? {} : { sessionToken: REDACTED }),
    ...(sealed.expiration === undefined ? {} : { expiration: sealed.expiration.toISOString() }),
    ...(sealed.accountId === undefined ? {} : { accountId: sealed.accountId }),
  });
  Object.defineProperty(sealed, 'toJSON', { value: redacted });
  Object.defineProperty(sealed, 'toString', { value: () => `Credentials ${JSON.stringify(redacted())}` });
  Object.defineProperty(sealed, INSPECT, { value: () => `Credentials ${JSON.stringify(redacted())}` });
  return Object.freeze(sealed);
}

// RFC 3339 / ISO 8601 in UTC or with an offset; any number of fraction digits (moto sends six).
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Parses an expiry timestamp from a credential source. `field` names it in the error.
 * @throws {CredentialsError} `INVALID_CREDENTIALS` when it is not an RFC 3339 date-time.
 */
export function parseTimestamp(value: unknown, field: string): Date {
  if (typeof value === 'string' && TIMESTAMP.test(value.trim())) {
    const date = new Date(value.trim());
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new CredentialsError('INVALID_CREDENTIALS', `${field} must be an RFC 3339 date-time such as 2026-01-01T00:00:00Z`);
}

/** Milliseconds until `credentials` expire at `now`; Infinity for credentials without an expiry. */
export function msUntilExpiry(credentials: Credentials, now: Date): number {
  return credentials.expiration ? credentials.expiration.getTime() - now.getTime() : Number.POSITIVE_INFINITY;
}

/** Credentials, or a provider of them. */
export type CredentialSource = Credentials | CredentialProvider;

/**
 * A provider for `source`, sealing plain credentials once (validated, copied, frozen, redacted when
 * printed). Shared by the STS providers, createSigner, createSignedFetch and the SDK adapter.
 */
export function toProvider(source: CredentialSource, field: string): CredentialProvider {
  if (typeof source === 'function') return refuseSelfReference(source, field);
  if (source === null || typeof source !== 'object') {
    throw new InvalidRequestError('INVALID_OPTION', `${field} must be credentials or a credential provider`);
  }
  // One settled promise for every call, not a new one each time (createSigner awaits it per signature).
  const settled = Promise.resolve(sealCredentials(source));
  return () => settled;
}
