/** fromInstanceMetadata against the loopback IMDSv2 fake (never the real 169.254.169.254). */
import { afterEach, describe, expect, it } from 'vitest';
import { cached, NoCredentialsError } from '../../../src/index.js';
import { fromDefaultChain, fromInstanceMetadata } from '../../../src/node.js';
import { captureRejection } from '../../support/errors.js';
import { describeWithMoto } from '../../support/moto.js';
import { type FakeImds, startFakeImds } from '../fakes/imds.js';
import { startFake } from '../fakes/server.js';
import { listFlows } from '../mediaconnect.js';

const SECRET = 'imdsSecretKeyEXAMPLE/0123456789+abcdefghij';
let now = new Date('2026-03-01T10:00:00Z');
const clock = () => now;
const issue = () => ({ accessKeyId: 'ASIAIMDSEXAMPLE00001', secretAccessKey: SECRET, sessionToken: 'imds-session-token', expiration: new Date(now.getTime() + 6 * 3_600_000) });

let fake: FakeImds | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  now = new Date('2026-03-01T10:00:00Z');
});
const provider = (imds: FakeImds, extra: object = {}) =>
  fromInstanceMetadata({ endpoint: imds.url, clock, cache: false, env: {}, ...extra });

describe('IMDSv2 protocol', () => {
  it('PUTs a token with the TTL header, then GETs the role and its credentials with the token', async () => {
    fake = await startFakeImds({ credentials: issue });
    const creds = await provider(fake)();
    expect(creds).toMatchObject({ accessKeyId: 'ASIAIMDSEXAMPLE00001', secretAccessKey: SECRET, sessionToken: 'imds-session-token' });
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'PUT /latest/api/token',
      'GET /latest/meta-data/iam/security-credentials/',
      'GET /latest/meta-data/iam/security-credentials/app-instance-role',
    ]);
    expect(fake.requests[0]?.headers['x-aws-ec2-metadata-token-ttl-seconds']).toBe('21600');
    expect(fake.requests[1]?.headers['x-aws-ec2-metadata-token']).toBe('fake-token-1');
    expect(fake.requests[2]?.headers['x-aws-ec2-metadata-token']).toBe('fake-token-1');
  });

  it('reuses the token until two minutes before its TTL, then fetches a new one', async () => {
    fake = await startFakeImds({ credentials: issue });
    const imds = provider(fake, { tokenTtlSeconds: 600 });
    await imds();
    now = new Date(now.getTime() + 470_000); // 130 s of the 600 s TTL left
    await imds();
    expect(fake.tokenRequests()).toBe(1);
    now = new Date(now.getTime() + 20_000); // 110 s left: inside the 120 s margin
    await imds();
    expect(fake.tokenRequests()).toBe(2);
  });

  it('gets a new token once when IMDS rejects the cached one (401)', async () => {
    fake = await startFakeImds({ credentials: issue });
    const imds = provider(fake);
    await imds();
    fake.revokeTokens();
    expect((await imds()).accessKeyId).toBe('ASIAIMDSEXAMPLE00001');
    expect(fake.tokenRequests()).toBe(2);
  });

  it.each(['503', 'reset'] as const)('rides out a 1-request outage (%s) during a refresh', async (how) => {
    fake = await startFakeImds({ credentials: issue });
    const imds = provider(fake);
    await imds();
    fake.failNext(1, how);
    expect((await imds()).accessKeyId).toBe('ASIAIMDSEXAMPLE00001');
  });

  it('keeps serving the cached credentials when IMDS is down through an early refresh', async () => {
    fake = await startFakeImds({ credentials: issue });
    const imds = fromInstanceMetadata({ endpoint: fake.url, clock, env: {} });
    const first = await imds();
    now = new Date(now.getTime() + 5.5 * 3_600_000); // 30 min left: advisory window of 6 h credentials
    fake.failNext(10);
    expect(await imds()).toBe(first);
    await new Promise((resolve) => setTimeout(resolve, 50)); // let the background refresh fail
    expect(fake.requests.length).toBeGreaterThan(3); // the refresh did reach the (failing) endpoint
    expect(await imds()).toBe(first);
  });
});

describe('IMDSv1 only when explicitly allowed', () => {
  it('refuses a v1-only endpoint by default, naming the setting', async () => {
    fake = await startFakeImds({ credentials: issue, mode: 'v1-only' });
    const error = await captureRejection(provider(fake));
    expect(error).toMatchObject({ code: 'PROVIDER_FAILED' });
    expect((error as Error).message).toContain('allowV1');
    expect(fake.requests.map((r) => r.method)).toEqual(['PUT']);
  });

  it('uses v1 (no token header) with allowV1', async () => {
    fake = await startFakeImds({ credentials: issue, mode: 'v1-only' });
    expect((await provider(fake, { allowV1: true })()).accessKeyId).toBe('ASIAIMDSEXAMPLE00001');
    expect(fake.requests.slice(1).every((r) => r.headers['x-aws-ec2-metadata-token'] === undefined)).toBe(true);
  });

  it('AWS_EC2_METADATA_V1_DISABLED=true wins over allowV1', async () => {
    fake = await startFakeImds({ credentials: issue, mode: 'v1-only' });
    const error = await captureRejection(provider(fake, { allowV1: true, env: { AWS_EC2_METADATA_V1_DISABLED: 'true' } }));
    expect((error as Error).message).toContain('AWS_EC2_METADATA_V1_DISABLED');
  });
});

describe('off EC2', () => {
  it('gives up after about a second on an endpoint that never answers (METADATA_TIMEOUT)', async () => {
    fake = await startFakeImds({ credentials: issue, mode: 'hang' });
    const started = performance.now();
    const error = await captureRejection(provider(fake));
    expect(error).toMatchObject({ code: 'METADATA_TIMEOUT' });
    // A behaviour bound, not a benchmark: one 1 s timeout, no retries (the SDKs take 2 s, some 20+ s).
    expect(performance.now() - started).toBeLessThan(2500);
    expect(fake.requests).toHaveLength(1);
  });

  it('reports METADATA_UNREACHABLE at once when nothing listens', async () => {
    const closed = await startFake(() => {});
    await closed.close();
    const error = await captureRejection(fromInstanceMetadata({ endpoint: closed.url, cache: false, env: {} }));
    expect(error).toMatchObject({ code: 'METADATA_UNREACHABLE' });
  });

  it('AWS_EC2_METADATA_DISABLED=true: NO_CREDENTIALS without a single request', async () => {
    fake = await startFakeImds({ credentials: issue });
    const error = await captureRejection(fromInstanceMetadata({ env: { AWS_EC2_METADATA_DISABLED: 'true', AWS_EC2_METADATA_SERVICE_ENDPOINT: fake.url } }));
    expect(error).toBeInstanceOf(NoCredentialsError);
    expect(fake.requests).toHaveLength(0);
  });

  it('in the default chain, a silent IMDS ends as NO_CREDENTIALS listing every source tried', async () => {
    fake = await startFakeImds({ credentials: issue, mode: 'hang' });
    const error = await captureRejection(fromDefaultChain({ env: { HOME: '/nonexistent-home', AWS_EC2_METADATA_SERVICE_ENDPOINT: fake.url }, warn: () => {} }));
    expect(error).toBeInstanceOf(NoCredentialsError);
    const tried = (error as NoCredentialsError).tried.map((t) => t.split(':')[0]);
    expect(tried).toEqual(['environment', 'shared files', 'web identity', 'container', 'instance metadata']);
  });
});

describeWithMoto('IMDS fake serving moto-minted credentials', (moto) => {
  it('the provider returns credentials moto accepts', async () => {
    const assumed = { ...moto.assumed, expiration: new Date(Date.now() + 3_600_000) };
    fake = await startFakeImds({ credentials: () => assumed });
    const creds = await cached(fromInstanceMetadata({ env: { AWS_EC2_METADATA_SERVICE_ENDPOINT: fake.url }, cache: false }))();
    expect((await listFlows(moto.endpoint, creds)).status).toBe(200);
  });
});
