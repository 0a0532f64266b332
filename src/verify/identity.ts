/** The key's owner: is the access key known, is the session token exactly the one issued, has it expired? */
import { CredentialsError } from '../errors.js';
import type { Authentication } from './authentication.js';
import { constantTimeEqual, fail, type Outcome } from './outcome.js';
import type { VerifySettings } from './settings.js';
import type { VerifyCredentials } from './types.js';

const INVALID_TOKEN = 'The security token included in the request is invalid.';

/**
 * A lookup result must look like credentials; anything else is a bug in `getCredentials`.
 * @throws {CredentialsError} INVALID_CREDENTIALS, naming the field, never its value.
 */
function checkShape(found: unknown): VerifyCredentials {
  const c = found as Record<string, unknown>;
  if (typeof found !== 'object' || typeof c['secretAccessKey'] !== 'string' || c['secretAccessKey'] === '') {
    throw new CredentialsError('INVALID_CREDENTIALS', 'getCredentials must return undefined or an object with a non-empty secretAccessKey');
  }
  if (c['sessionToken'] !== undefined && (typeof c['sessionToken'] !== 'string' || c['sessionToken'] === '')) {
    throw new CredentialsError('INVALID_CREDENTIALS', 'getCredentials returned a sessionToken that is not a non-empty string');
  }
  if (c['expiration'] !== undefined && !(c['expiration'] instanceof Date)) {
    throw new CredentialsError('INVALID_CREDENTIALS', 'getCredentials returned an expiration that is not a Date');
  }
  return found as VerifyCredentials;
}

/**
 * Looks up the key and checks the token: a key issued with a token must present exactly that
 * token, and a key issued without one must present none (as AWS and moto answer).
 * @throws whatever `getCredentials` throws; {@link CredentialsError} when it returns a malformed value.
 */
export async function checkIdentity(auth: Authentication, settings: VerifySettings): Promise<Outcome<VerifyCredentials>> {
  const { accessKeyId } = auth.credential;
  const found = await settings.getCredentials(accessKeyId);
  if (found === undefined || found === null) {
    return fail('InvalidClientTokenId', INVALID_TOKEN, { accessKeyId });
  }
  const credentials = checkShape(found);
  const expected = credentials.sessionToken;
  const provided = auth.sessionToken;
  if (expected === undefined ? provided !== undefined : provided === undefined || !constantTimeEqual(provided, expected)) {
    return fail('InvalidClientTokenId', INVALID_TOKEN, { accessKeyId });
  }
  const expiration = credentials.expiration;
  if (expiration !== undefined && !(expiration.getTime() > settings.now.getTime())) {
    return fail('ExpiredToken', 'The security token included in the request is expired', { accessKeyId });
  }
  return credentials;
}
