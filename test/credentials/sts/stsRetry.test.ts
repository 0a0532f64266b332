/**
 * STS calls under a flaky endpoint: the loopback fake fails in patterns (one 500, throttling bursts,
 * a reset connection, an HTML 503 page, a slow answer, AccessDenied) and counts the calls. Sleep and
 * randomness are injected, so nothing here waits for a backoff.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fromAssumeRole, fromSaml, fromSessionToken, fromWebToken, getCallerIdentity, StsError } from '../../../src/index.js';
import { captureError, captureRejection } from '../../support/errors.js';
import { type FakeSts, type FakeStsOptions, startFakeSts } from '../fakes/sts.js';

const KEYS = { accessKeyId: 'AKIDSOURCEEXAMPLE', secretAccessKey: 'sourceSecretKeyEXAMPLE/abcdefghijklmnop' };
const ROLE = 'arn:aws:iam::123456789012:role/deploy';

let fake: FakeSts | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** A provider against a fake that fails as told; sleeps are recorded, never waited. */
async function setUp(options: FakeStsOptions, retry: object = {}) {
  fake = await startFakeSts(options);
  const sleeps: number[] = [];
  let tick = Date.parse('2026-03-01T12:00:00Z');
  const common = {
    endpoint: fake.url,
    region: 'us-east-1',
    env: {},
    cache: false as const,
    clock: () => new Date((tick += 1000)), // a second per signature, so every attempt has its own x-amz-date
    retry: { random: () => 0.5, sleep: async (ms: number) => void sleeps.push(ms), ...retry },
  };
  return { fake, sleeps, common };
}

describe('STS retries (the SDKs standard mode)', () => {
  it('one 500 then success: two calls, the second signed afresh, one full-jitter backoff', async () => {
    const { fake, sleeps, common } = await setUp({ failures: ['500'] });
    const creds = await fromAssumeRole({ ...common, roleArn: ROLE, sourceCredentials: KEYS })();
    expect(creds.accessKeyId).toMatch(/^ASIAFAKE/);
    expect(fake.requests).toHaveLength(2);
    const [first, second] = fake.requests;
    expect(first?.headers['x-amz-date']).not.toBe(second?.headers['x-amz-date']);
    expect(first?.headers['authorization']).not.toBe(second?.headers['authorization']);
    // Full jitter: random() * min(20 s, 100 ms * 2^1) = 0.5 * 200.
    expect(sleeps).toEqual([100]);
  });

  it('a throttling burst of two is ridden out in three calls; a burst of three fails with Throttling', async () => {
    const ok = await setUp({ failures: ['throttle', 'throttle'] });
    await fromSessionToken({ ...ok.common, sourceCredentials: KEYS })();
    expect(ok.fake.requests).toHaveLength(3);
    expect(ok.sleeps).toEqual([100, 200]);
    await ok.fake.close();

    const bad = await setUp({ failures: ['throttle', 'throttle', 'throttle'] });
    const error = await captureRejection(fromSessionToken({ ...bad.common, sourceCredentials: KEYS }));
    expect(error).toBeInstanceOf(StsError);
    expect(error).toMatchObject({ code: 'STS_ERROR', awsCode: 'Throttling', httpStatus: 400 });
    expect((error as Error).message).toContain('after 3 attempts');
    expect(bad.fake.requests).toHaveLength(3);
  });

  it('a reset connection is retried', async () => {
    const { fake, common } = await setUp({ failures: ['reset'] });
    const me = await getCallerIdentity({ ...common, credentials: KEYS });
    expect(me.account).toBe('123456789012');
    expect(fake.requests).toHaveLength(2);
  });

  it('a slow endpoint: the attempt that times out is retried', async () => {
    const { fake, common } = await setUp({ failures: [10_000] });
    const creds = await fromAssumeRole({ ...common, timeoutMs: 1000, roleArn: ROLE, sourceCredentials: KEYS })();
    expect(creds.sessionToken).toBe('fake-token-AssumeRole');
    expect(fake.requests).toHaveLength(2);
  });

  it('IDPCommunicationError (web identity) is retried', async () => {
    const { fake, common } = await setUp({ failures: ['idp'] });
    const creds = await fromWebToken({ ...common, roleArn: ROLE, webIdentityToken: 'header.payload.signature' })();
    expect(creds.accessKeyId).toMatch(/^ASIAFAKE/);
    expect(fake.requests).toHaveLength(2);
  });

  it('AssumeRoleWithSAML: a 500 and a throttle are retried (unsigned, the assertion asked once per refresh)', async () => {
    const { fake, sleeps, common } = await setUp({ failures: ['500', 'throttle'] });
    let asked = 0;
    const samlAssertion = () => (asked++, 'PHNhbWxwOlJlc3BvbnNlPg==');
    const creds = await fromSaml({ ...common, roleArn: ROLE, principalArn: 'arn:aws:iam::123456789012:saml-provider/corp', samlAssertion })();
    expect(creds.sessionToken).toBe('fake-token-AssumeRoleWithSAML');
    expect(fake.requests).toHaveLength(3);
    expect(fake.requests.every((r) => r.headers['authorization'] === undefined)).toBe(true);
    expect(sleeps).toEqual([100, 200]);
    expect(asked).toBe(1);
  });

  it('AccessDenied (403) is final: one call, no backoff', async () => {
    const { fake, sleeps, common } = await setUp({ failures: ['denied'] });
    const error = await captureRejection(fromAssumeRole({ ...common, roleArn: ROLE, sourceCredentials: KEYS }));
    expect(error).toMatchObject({ code: 'STS_ERROR', awsCode: 'AccessDenied', httpStatus: 403 });
    expect((error as Error).message).not.toContain('attempts');
    expect(fake.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('an HTML 503 page still ends in a clear error', async () => {
    const { fake, common } = await setUp({ failures: ['html503', 'html503', 'html503'] });
    const error = await captureRejection(fromAssumeRole({ ...common, roleArn: ROLE, sourceCredentials: KEYS }));
    expect(error).toMatchObject({ code: 'STS_ERROR', httpStatus: 503, awsCode: undefined });
    expect((error as Error).message).toBe(
      'STS AssumeRole failed: HTTP 503: the answer is not an STS error document (text/html); a proxy or load balancer may have answered (after 3 attempts)',
    );
    expect(fake.requests).toHaveLength(3);
  });

  it('the retry quota is per provider: once spent, a failure is not retried', async () => {
    const { fake, common } = await setUp({ failures: ['500', '500'] }, { retryQuota: 5 });
    const error = await captureRejection(fromSessionToken({ ...common, sourceCredentials: KEYS }));
    expect(error).toMatchObject({ awsCode: 'InternalFailure', httpStatus: 500 });
    expect(fake.requests).toHaveLength(2); // the first retry took the 5 tokens
  });

  it('retry: false sends once', async () => {
    const { fake, common } = await setUp({ failures: ['500'] });
    const error = await captureRejection(fromSessionToken({ ...common, retry: false, sourceCredentials: KEYS }));
    expect(error).toMatchObject({ httpStatus: 500 });
    expect(fake.requests).toHaveLength(1);
  });
});

describe('accountId from STS', () => {
  it('AssumeRole and web identity carry the account of the assumed role ARN; GetSessionToken none', async () => {
    const { common } = await setUp({ account: '210987654321' });
    expect((await fromAssumeRole({ ...common, roleArn: ROLE, sourceCredentials: KEYS })()).accountId).toBe('210987654321');
    expect((await fromWebToken({ ...common, roleArn: ROLE, webIdentityToken: 'header.payload.signature' })()).accountId).toBe('210987654321');
    expect((await fromSessionToken({ ...common, sourceCredentials: KEYS })()).accountId).toBeUndefined();
  });
});

describe('AWS_MAX_ATTEMPTS and max_attempts', () => {
  it('AWS_MAX_ATTEMPTS=5 rides out a burst of four throttles', async () => {
    const { fake, common } = await setUp({ failures: ['throttle', 'throttle', 'throttle', 'throttle'] });
    await fromSessionToken({ ...common, env: { AWS_MAX_ATTEMPTS: '5' }, sourceCredentials: KEYS })();
    expect(fake.requests).toHaveLength(5);
  });

  it('AWS_MAX_ATTEMPTS=1 sends once; an explicit retry.maxAttempts wins over it', async () => {
    const once = await setUp({ failures: ['500', '500'] });
    expect(await captureRejection(fromSessionToken({ ...once.common, env: { AWS_MAX_ATTEMPTS: '1' }, sourceCredentials: KEYS }))).toMatchObject({ httpStatus: 500 });
    expect(once.fake.requests).toHaveLength(1);
    await once.fake.close();
    const explicit = await setUp({ failures: ['500', '500'] }, { maxAttempts: 3 });
    await fromSessionToken({ ...explicit.common, env: { AWS_MAX_ATTEMPTS: '1' }, sourceCredentials: KEYS })();
    expect(explicit.fake.requests).toHaveLength(3);
  });

  it('an invalid AWS_MAX_ATTEMPTS is INVALID_OPTION when the provider is built', () => {
    const error = captureError(() => fromSessionToken({ env: { AWS_MAX_ATTEMPTS: 'three' }, sourceCredentials: KEYS }));
    expect(error).toMatchObject({ code: 'INVALID_OPTION', message: 'AWS_MAX_ATTEMPTS must be a whole number from 1 to 999, such as 3' });
  });
});
