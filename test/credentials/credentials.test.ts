/** sealCredentials, fromStatic, fromEnv: validation, copies, environment rules. */
import { describe, expect, it } from 'vitest';
import { CredentialsError, fromEnv, fromStatic, NoCredentialsError, sealCredentials } from '../../src/index.js';
import { captureError, captureRejection } from '../support/errors.js';

const KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

describe('sealCredentials', () => {
  it('copies and freezes, including its own copy of the expiry date', () => {
    const expiration = new Date('2026-01-01T00:00:00Z');
    const sealed = sealCredentials({ ...KEYS, expiration });
    expiration.setTime(0);
    expect(sealed.expiration?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(Object.isFrozen(sealed)).toBe(true);
    expect(JSON.parse(JSON.stringify(sealed))).toEqual({ accessKeyId: 'AKID...MPLE', secretAccessKey: '[redacted]', expiration: '2026-01-01T00:00:00.000Z' });
  });

  it.each([
    ['an empty access key id', { ...KEYS, accessKeyId: '' }],
    ['a missing secret', { accessKeyId: 'AKIDEXAMPLE' }],
    ['a token with a newline', { ...KEYS, sessionToken: 'a\nb' }],
    ['an invalid expiry', { ...KEYS, expiration: new Date('nope') }],
  ])('refuses %s with INVALID_CREDENTIALS', (_what, input) => {
    const error = captureError(() => sealCredentials(input as never));
    expect(error).toBeInstanceOf(CredentialsError);
    expect(error).toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });

  it('fromStatic validates at construction', () => {
    expect(captureError(() => fromStatic({ ...KEYS, secretAccessKey: '' }))).toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });
});

describe('fromEnv', () => {
  it('reads the key pair, session token and expiration', async () => {
    const creds = await fromEnv({ env: { AWS_ACCESS_KEY_ID: 'ASIAENV', AWS_SECRET_ACCESS_KEY: 's', AWS_SESSION_TOKEN: 't', AWS_CREDENTIAL_EXPIRATION: '2026-11-28T14:47:43.665158Z' } })();
    expect(creds).toMatchObject({ accessKeyId: 'ASIAENV', sessionToken: 't' });
    expect(creds.expiration?.toISOString()).toBe('2026-11-28T14:47:43.665Z');
  });

  it('accepts the legacy AWS_SECURITY_TOKEN', async () => {
    expect((await fromEnv({ env: { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 's', AWS_SECURITY_TOKEN: 'legacy' } })()).sessionToken).toBe('legacy');
  });

  it.each([[{}], [{ AWS_ACCESS_KEY_ID: 'a' }], [{ AWS_ACCESS_KEY_ID: '  ', AWS_SECRET_ACCESS_KEY: 's' }]])('%o is NO_CREDENTIALS (blank counts as unset)', async (env) => {
    expect(await captureRejection(fromEnv({ env }))).toBeInstanceOf(NoCredentialsError);
  });

  it('a malformed AWS_CREDENTIAL_EXPIRATION is INVALID_CREDENTIALS, which stops a chain', async () => {
    const error = await captureRejection(fromEnv({ env: { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 's', AWS_CREDENTIAL_EXPIRATION: 'tomorrow' } }));
    expect(error).toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });
});
