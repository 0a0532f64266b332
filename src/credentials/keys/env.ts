/** fromEnv: AWS_ACCESS_KEY_ID and friends, read from an injected environment record. */
import { parseTimestamp, sealCredentials } from '../credentials.js';
import { notConfigured } from '../errors.js';
import { type CredentialProvider, type Env, envValue } from '../provider.js';

/** Options of {@link fromEnv}. */
export interface EnvOptions {
  /** Default: `process.env`. */
  readonly env?: Env | undefined;
}

/**
 * Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and, for temporary keys,
 * `AWS_SESSION_TOKEN` (or the legacy `AWS_SECURITY_TOKEN`) and `AWS_CREDENTIAL_EXPIRATION`;
 * `AWS_ACCOUNT_ID` becomes `accountId`.
 * Blank values count as unset. The record is read on every call.
 * @example
 * const provider = fromEnv(); // process.env
 * const forTest = fromEnv({ env: { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: '...' } });
 * @throws {NoCredentialsError} `NO_CREDENTIALS` when the key id or secret is not set (a chain moves on).
 * @throws {CredentialsError} `INVALID_CREDENTIALS` when they are set but malformed (a chain stops).
 */
export function fromEnv(options: EnvOptions = {}): CredentialProvider {
  return envProvider(options.env ?? globalThis.process?.env ?? {});
}

/** {@link fromEnv} over a given record. */
export function envProvider(env: Env): CredentialProvider {
  return () => Promise.resolve().then(() => readEnvCredentials(env));
}

function readEnvCredentials(env: Env) {
  const accessKeyId = envValue(env, 'AWS_ACCESS_KEY_ID');
  const secretAccessKey = envValue(env, 'AWS_SECRET_ACCESS_KEY');
  if (accessKeyId === undefined || secretAccessKey === undefined) {
    const missing = accessKeyId === undefined ? 'AWS_ACCESS_KEY_ID' : 'AWS_SECRET_ACCESS_KEY';
    throw notConfigured('environment', `${missing} is not set`);
  }
  const sessionToken = envValue(env, 'AWS_SESSION_TOKEN') ?? envValue(env, 'AWS_SECURITY_TOKEN');
  const expiration = envValue(env, 'AWS_CREDENTIAL_EXPIRATION');
  const accountId = envValue(env, 'AWS_ACCOUNT_ID');
  return sealCredentials({
    accessKeyId: accessKeyId.trim(),
    secretAccessKey: secretAccessKey.trim(),
    ...(sessionToken === undefined ? {} : { sessionToken: sessionToken.trim() }),
    ...(expiration === undefined ? {} : { expiration: parseTimestamp(expiration, 'AWS_CREDENTIAL_EXPIRATION') }),
    ...(accountId === undefined ? {} : { accountId: accountId.trim() }),
  });
}
