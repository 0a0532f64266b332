/**
 * botocore 1.43 pointed at the same failing fakes as sigv4-kit (AWS_ENDPOINT_URL_STS,
 * AWS_EC2_METADATA_SERVICE_ENDPOINT), both in the SDKs' standard retry mode with 3 attempts: the same
 * number of calls reach the fake, and the outcome is the same. The helper is test/peers/botocore_credentials.py.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromAssumeRole, fromSessionToken } from '../../src/index.js';
import { fromDefaultChain } from '../../src/node.js';
import { captureError } from '../support/errors.js';
import { requirePeers, runPeer, type TempDir, tempDir } from '../support/peers.js';
import { startFakeImds } from './fakes/imds.js';
import { type FakeStsOptions, startFakeSts } from './fakes/sts.js';

const HELPER = resolve(dirname(fileURLToPath(import.meta.url)), '../peers/botocore_credentials.py');
const KEYS = { accessKeyId: 'AKIDSOURCEEXAMPLE', secretAccessKey: 'sourceSecretKeyEXAMPLE/abcdefghijklmnop' };
const ROLE = 'arn:aws:iam::123456789012:role/deploy';
const available = requirePeers(['python-botocore'], 'botocore credential peer');

let dir: TempDir;
beforeAll(() => void (dir = tempDir()));
afterAll(() => dir.dispose());

interface PeerAnswer {
  readonly ok: boolean;
  readonly code?: string | null;
  readonly status?: number;
  readonly error?: string;
  readonly message?: string;
  readonly accessKey?: string | null;
  readonly expiresInFuture?: boolean | null;
}

async function botocore(args: string[], env: Record<string, string>): Promise<PeerAnswer> {
  const base = {
    HOME: dir.path,
    AWS_CONFIG_FILE: dir.file('config', '[default]\n'),
    AWS_SHARED_CREDENTIALS_FILE: dir.file('credentials', ''),
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_RETRY_MODE: 'standard',
    AWS_MAX_ATTEMPTS: '3',
  };
  const result = await runPeer('python3', [HELPER, ...args], { ...base, ...env });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as PeerAnswer;
}

/** The same failure pattern, once for botocore and once for sigv4-kit: the calls each made, and each outcome. */
async function both(failures: NonNullable<FakeStsOptions['failures']>, action: 'AssumeRole' | 'GetSessionToken') {
  const peerFake = await startFakeSts({ failures });
  const peer = await botocore(['sts', action], { AWS_ENDPOINT_URL_STS: peerFake.url, AWS_ACCESS_KEY_ID: KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: KEYS.secretAccessKey });
  const peerCalls = peerFake.requests.length;
  await peerFake.close();
  const ourFake = await startFakeSts({ failures });
  const common = { endpoint: ourFake.url, region: 'us-east-1', env: {}, cache: false as const, sourceCredentials: KEYS, retry: { sleep: async () => {} } };
  const provider = action === 'AssumeRole' ? fromAssumeRole({ ...common, roleArn: ROLE }) : fromSessionToken(common);
  const ours = await provider().then(() => undefined, (error: unknown) => error as { code?: string; awsCode?: string; httpStatus?: number });
  const ourCalls = ourFake.requests.length;
  await ourFake.close();
  return { peer, peerCalls, ours, ourCalls };
}

describe.skipIf(!available)('STS under failure patterns: botocore and sigv4-kit agree', () => {
  it('one 500 then success: 2 calls each, success', async () => {
    const r = await both(['500'], 'AssumeRole');
    expect(r.peer.ok).toBe(true);
    expect(r.ours).toBeUndefined();
    expect([r.peerCalls, r.ourCalls]).toEqual([2, 2]);
  });

  it('a throttling burst longer than the attempts: 3 calls each, Throttling', async () => {
    const r = await both(['throttle', 'throttle', 'throttle'], 'GetSessionToken');
    expect(r.peer).toMatchObject({ ok: false, code: 'Throttling', status: 400 });
    expect(r.ours).toMatchObject({ code: 'STS_ERROR', awsCode: 'Throttling', httpStatus: 400 });
    expect([r.peerCalls, r.ourCalls]).toEqual([3, 3]);
  });

  it('a reset connection then success: 2 calls each', async () => {
    const r = await both(['reset'], 'AssumeRole');
    expect(r.peer.ok).toBe(true);
    expect(r.ours).toBeUndefined();
    expect([r.peerCalls, r.ourCalls]).toEqual([2, 2]);
  });

  it('AccessDenied (403): 1 call each', async () => {
    const r = await both(['denied'], 'AssumeRole');
    expect(r.peer).toMatchObject({ ok: false, code: 'AccessDenied', status: 403 });
    expect(r.ours).toMatchObject({ awsCode: 'AccessDenied', httpStatus: 403 });
    expect([r.peerCalls, r.ourCalls]).toEqual([1, 1]);
  });

  it('HTML 503 pages: 3 calls each, then a 503 error', async () => {
    const r = await both(['html503', 'html503', 'html503'], 'GetSessionToken');
    expect(r.peer).toMatchObject({ ok: false, status: 503 });
    expect(r.ours).toMatchObject({ code: 'STS_ERROR', httpStatus: 503 });
    expect([r.peerCalls, r.ourCalls]).toEqual([3, 3]);
  });
});

describe.skipIf(!available)('IMDS: botocore and sigv4-kit agree', () => {
  it('credentials IMDS serves already expired are kept and extended, not refused', async () => {
    const stale = () => ({ accessKeyId: 'ASIASTALEEXAMPLE0001', secretAccessKey: 's', sessionToken: 't', expiration: new Date(Date.now() - 60_000) });
    const imds = await startFakeImds({ credentials: stale });
    try {
      const peer = await botocore(['chain'], { AWS_EC2_METADATA_SERVICE_ENDPOINT: imds.url });
      expect(peer).toMatchObject({ ok: true, accessKey: 'ASIASTALEEXAMPLE0001', expiresInFuture: true });
      const ours = await fromDefaultChain({ env: { HOME: dir.path, AWS_EC2_METADATA_SERVICE_ENDPOINT: imds.url }, warn: () => {} })();
      expect(ours.accessKeyId).toBe('ASIASTALEEXAMPLE0001');
      expect(ours.expiration!.getTime()).toBeGreaterThan(Date.now());
    } finally {
      await imds.close();
    }
  });

  it('the profile\'s ec2_metadata_service_endpoint is used by the default chain', async () => {
    const imds = await startFakeImds({ credentials: () => ({ accessKeyId: 'ASIAPROFILEIMDS00001', secretAccessKey: 's', sessionToken: 't', expiration: new Date(Date.now() + 3_600_000) }) });
    try {
      const config = dir.file('imds-config', `[default]\nec2_metadata_service_endpoint = ${imds.url}\n`);
      const peer = await botocore(['chain'], { AWS_CONFIG_FILE: config });
      expect(peer).toMatchObject({ ok: true, accessKey: 'ASIAPROFILEIMDS00001' });
      const ours = await fromDefaultChain({ env: { HOME: dir.path, AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: `${dir.path}/none` } })();
      expect(ours.accessKeyId).toBe('ASIAPROFILEIMDS00001');
    } finally {
      await imds.close();
    }
  });

  it('an invalid endpoint mode is refused by both, even with keys in the environment', async () => {
    const env = { AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: 'IPv7', AWS_ACCESS_KEY_ID: KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: KEYS.secretAccessKey };
    const peer = await botocore(['chain'], env);
    expect(peer).toMatchObject({ ok: false, error: 'InvalidIMDSEndpointModeError' });
    expect(captureError(() => fromDefaultChain({ env }))).toMatchObject({ code: 'INVALID_OPTION' });
  });
});
