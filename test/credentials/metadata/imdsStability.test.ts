/**
 * IMDS under an outage (static stability) and the IMDS settings read from the environment and the
 * profile, against the loopback IMDSv2 fake, with the calls counted. Never the real 169.254.169.254.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../../src/index.js';
import { fromDefaultChain, fromInstanceMetadata } from '../../../src/node.js';
import { captureError, captureRejection } from '../../support/errors.js';
import { type FakeImds, startFakeImds } from '../fakes/imds.js';
import { memoryFiles } from '../../support/memoryFiles.js';

const START = Date.parse('2026-03-01T10:00:00Z');
let now = START;
const clock = () => new Date(now);
let serial = 0;
const issue = () => ({ accessKeyId: `ASIAIMDSEXAMPLE0000${++serial % 10}`, secretAccessKey: 's', sessionToken: 't', expiration: new Date(now + 3_600_000) });

let fake: FakeImds | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  now = START;
});

describe('static stability', () => {
  it('IMDS answers, then refuses connections past the expiry: the last credentials are extended 5-10 min, with a warning', async () => {
    fake = await startFakeImds({ credentials: issue });
    const warnings: string[] = [];
    const imds = fromInstanceMetadata({ endpoint: fake.url, clock, env: {}, random: () => 0.5, warn: (m) => warnings.push(m) });
    const first = await imds();
    expect(fake.requests).toHaveLength(3);
    await fake.close(); // nothing listens any more: ECONNREFUSED
    now += 2 * 3_600_000; // an hour past the expiry
    const kept = await imds();
    expect(kept.accessKeyId).toBe(first.accessKeyId);
    // now + 5 min + 0.5 * 5 min
    expect(kept.expiration?.toISOString()).toBe(new Date(now + 7.5 * 60_000).toISOString());
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^IMDS could not be reached \(.*METADATA|^IMDS could not be reached \(instance metadata \(IMDS\): cannot reach/);
    expect(warnings[0]).toContain('static stability');
    // Inside the extension the cache serves them without asking IMDS again.
    now += 60_000;
    expect((await imds()).accessKeyId).toBe(first.accessKeyId);
    expect(warnings).toHaveLength(1);
    fake = undefined;
  });

  it('a 503 outage past the expiry, then recovery: extended during it, fresh credentials after', async () => {
    fake = await startFakeImds({ credentials: issue });
    const warnings: string[] = [];
    const imds = fromInstanceMetadata({ endpoint: fake.url, clock, env: {}, random: () => 0, warn: (m) => warnings.push(m) });
    const first = await imds();
    fake.failNext(1000);
    now += 2 * 3_600_000;
    expect((await imds()).accessKeyId).toBe(first.accessKeyId);
    const during = fake.requests.length;
    expect(during).toBe(3 + 2); // one request (the token is still cached) tried twice (the default 2 attempts), then given up
    fake.failNext(0);
    now += 5 * 60_000; // the 5-minute extension is over
    const fresh = await imds();
    expect(fresh.accessKeyId).not.toBe(first.accessKeyId);
    expect(fresh.expiration?.getTime()).toBe(now + 3_600_000);
    expect(warnings).toHaveLength(1);
  });

  it('IMDS serving credentials that have already expired: extended, never CREDENTIALS_EXPIRED', async () => {
    const stale = { accessKeyId: 'ASIASTALEEXAMPLE0001', secretAccessKey: 's', sessionToken: 't', expiration: new Date(START - 60_000) };
    fake = await startFakeImds({ credentials: () => stale });
    const warnings: string[] = [];
    const creds = await fromInstanceMetadata({ endpoint: fake.url, clock, env: {}, random: () => 1, warn: (m) => warnings.push(m) })();
    expect(creds.accessKeyId).toBe('ASIASTALEEXAMPLE0001');
    expect(creds.expiration?.getTime()).toBe(START + 10 * 60_000);
    expect(warnings[0]).toMatch(/^IMDS served credentials that have expired/);
  });

  it('staticStability: false fails as soon as IMDS does', async () => {
    fake = await startFakeImds({ credentials: issue });
    const imds = fromInstanceMetadata({ endpoint: fake.url, clock, env: {}, staticStability: false });
    await imds();
    fake.failNext(1000);
    now += 2 * 3_600_000;
    expect(await captureRejection(imds)).toMatchObject({ code: 'PROVIDER_FAILED' });
  });

  it('in the default chain, a refused connection after a first answer is not "no credentials"', async () => {
    fake = await startFakeImds({ credentials: issue });
    const env = { HOME: '/nonexistent-home', AWS_EC2_METADATA_SERVICE_ENDPOINT: fake.url };
    const warnings: string[] = [];
    const provider = fromDefaultChain({ env, clock, warn: (m) => warnings.push(m) });
    const first = await provider();
    await fake.close();
    fake = undefined;
    now += 2 * 3_600_000;
    expect((await provider()).accessKeyId).toBe(first.accessKeyId);
    expect(warnings.some((w) => w.includes('static stability'))).toBe(true);
  });
});

describe('IMDS settings from the environment and the profile', () => {
  const chainWith = (config: string, env: Record<string, string> = {}) =>
    fromDefaultChain({ env: { HOME: '/h', AWS_CONFIG_FILE: '/c', AWS_SHARED_CREDENTIALS_FILE: '/k', ...env }, readFile: memoryFiles({ '/c': config }), clock, cache: false, warn: () => {} });

  it('the default chain reads the profile\'s ec2_metadata_service_endpoint and ec2_instance_profile_name', async () => {
    fake = await startFakeImds({ credentials: issue, role: 'custom-role' });
    const creds = await chainWith(`[default]\nregion = eu-west-1\nec2_metadata_service_endpoint = ${fake.url}\nec2_instance_profile_name = custom-role\n`)();
    expect(creds.accessKeyId).toMatch(/^ASIAIMDS/);
    // The role was named: no discovery GET.
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['PUT /latest/api/token', 'GET /latest/meta-data/iam/security-credentials/custom-role']);
  });

  it('the profile\'s ec2_metadata_v1_disabled forbids the v1 fallback', async () => {
    fake = await startFakeImds({ credentials: issue, mode: 'v1-only' });
    const chain = fromDefaultChain({
      env: { HOME: '/h', AWS_CONFIG_FILE: '/c', AWS_SHARED_CREDENTIALS_FILE: '/k' },
      readFile: memoryFiles({ '/c': `[default]\nec2_metadata_service_endpoint = ${fake.url}\nec2_metadata_v1_disabled = true\n` }),
      instanceMetadata: { allowV1: true },
      cache: false,
    });
    const error = await captureRejection(chain);
    expect((error as Error).message).toContain('ec2_metadata_v1_disabled is set');
    expect(fake.requests).toHaveLength(1);
  });

  it('an invalid endpoint mode in the profile fails with INVALID_OPTION before any request', async () => {
    fake = await startFakeImds({ credentials: issue });
    const error = await captureRejection(chainWith(`[default]\nec2_metadata_service_endpoint_mode = IPv7\n`, { AWS_EC2_METADATA_SERVICE_ENDPOINT: fake.url }));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ code: 'INVALID_OPTION', message: 'the profile\'s ec2_metadata_service_endpoint_mode must be IPv4 or IPv6, not "IPv7"' });
    expect(fake.requests).toHaveLength(0);
  });

  it('an invalid AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE fails when the chain is built, as botocore does', () => {
    const error = captureError(() => fromDefaultChain({ env: { AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: 'ipv5' } }));
    expect(error).toMatchObject({ code: 'INVALID_OPTION', message: 'AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE must be IPv4 or IPv6, not "ipv5"' });
  });

  it('AWS_METADATA_SERVICE_NUM_ATTEMPTS applies per request', async () => {
    fake = await startFakeImds({ credentials: issue });
    fake.failNext(2); // the first two token PUTs
    const creds = await fromInstanceMetadata({ endpoint: fake.url, env: { AWS_METADATA_SERVICE_NUM_ATTEMPTS: '3' }, cache: false })();
    expect(creds.accessKeyId).toMatch(/^ASIAIMDS/);
    expect(fake.tokenRequests()).toBe(3);
    await fake.close();
    fake = await startFakeImds({ credentials: issue });
    fake.failNext(2);
    expect(await captureRejection(fromInstanceMetadata({ endpoint: fake.url, env: {}, cache: false }))).toMatchObject({ code: 'PROVIDER_FAILED' });
    expect(fake.tokenRequests()).toBe(2); // the default: 2 attempts
  });

  it('AWS_METADATA_SERVICE_TIMEOUT is in seconds, per request; with NUM_ATTEMPTS a timeout is retried', async () => {
    fake = await startFakeImds({ credentials: issue, mode: 'hang' });
    const env = { AWS_METADATA_SERVICE_TIMEOUT: '0.2', AWS_METADATA_SERVICE_NUM_ATTEMPTS: '2' };
    const error = await captureRejection(fromInstanceMetadata({ endpoint: fake.url, env, cache: false }));
    expect(error).toMatchObject({ code: 'METADATA_TIMEOUT' });
    expect((error as Error).message).toContain('within 200 ms');
    expect(fake.requests).toHaveLength(2);
  });

  it('the profile\'s metadata_service_timeout, and a bad value refused', async () => {
    fake = await startFakeImds({ credentials: issue, mode: 'hang' });
    const error = await captureRejection(chainWith(`[default]\nec2_metadata_service_endpoint = ${fake.url}\nmetadata_service_timeout = 0.3\n`));
    expect((error as Error).message).toContain('within 300 ms');
    const badTimeout = captureError(() => fromInstanceMetadata({ env: { AWS_METADATA_SERVICE_TIMEOUT: 'soon' } }));
    expect(badTimeout).toMatchObject({ code: 'INVALID_OPTION', message: 'AWS_METADATA_SERVICE_TIMEOUT must be a number of seconds greater than 0, such as 2' });
    expect(captureError(() => fromInstanceMetadata({ env: { AWS_METADATA_SERVICE_NUM_ATTEMPTS: '0' } }))).toMatchObject({ code: 'INVALID_OPTION' });
  });
});

describe('static stability leaves credentials that are still good to the cache', () => {
  it('a failed early refresh (30 min left) is not an extension: the cache keeps the real expiry, no warning', async () => {
    fake = await startFakeImds({ credentials: issue });
    const warnings: string[] = [];
    const imds = fromInstanceMetadata({ endpoint: fake.url, clock, env: {}, warn: (m) => warnings.push(m), cache: false });
    const first = await imds();
    fake.failNext(1000);
    now += 30 * 60_000;
    expect(await captureRejection(imds)).toMatchObject({ code: 'PROVIDER_FAILED' });
    now += 26 * 60_000; // 4 minutes left: now it is extended
    const kept = await imds();
    expect(kept.accessKeyId).toBe(first.accessKeyId);
    expect(kept.expiration!.getTime()).toBeGreaterThan(first.expiration!.getTime());
    expect(warnings).toHaveLength(1);
  });
});
