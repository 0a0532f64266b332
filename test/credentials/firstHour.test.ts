/**
 * Issue 20, credentials: item 1 (a profile with an access key id and no secret stops, naming the
 * missing key, through fromIni, the default chain and `sigv4 whoami --profile`) and item 6 (expired
 * credentials name their source and the time, as signRequest does).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cached, CredentialsError, getCallerIdentity, ProviderError } from '../../src/index.js';
import { fromDefaultChain, fromIni } from '../../src/node.js';
import { sigv4 } from '../cli/io.js';
import { captureRejection } from '../support/errors.js';
import { type FakeSts, startFakeSts } from './fakes/sts.js';

let dir = '';
const now = new Date('2026-11-28T12:00:00Z');
const clock = (): Date => now;
let files: Record<string, string>;
let sts: FakeSts;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sigv4kit-first-hour-'));
  await writeFile(join(dir, 'credentials'), '[id-only]\naws_access_key_id = AKIAIDWITHOUTSECRET1\n');
  await writeFile(join(dir, 'config'), '[profile with-region]\nregion = eu-west-1\n');
  sts = await startFakeSts();
  files = { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'), HOME: dir, AWS_EC2_METADATA_DISABLED: 'true' };
});
afterAll(async () => {
  await sts.close();
  await rm(dir, { recursive: true, force: true });
});

describe('item 1: a profile with aws_access_key_id and no secret', () => {
  it('fromIni stops with a message naming the missing key (not "has no ... id")', async () => {
    const error = await captureRejection(fromIni({ profile: 'id-only', env: files }));
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as Error).message).toMatch(/profile id-only is missing aws_secret_access_key/);
    expect((error as Error).message).not.toMatch(/no aws_access_key_id/);
  });

  it('AWS_PROFILE=id-only stops the default chain', async () => {
    const error = await captureRejection(fromDefaultChain({ env: { ...files, AWS_PROFILE: 'id-only', AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:1/never' } }));
    expect(error).toMatchObject({ code: 'PROVIDER_FAILED', message: expect.stringMatching(/profile id-only is missing aws_secret_access_key/) });
  });

  it('sigv4 whoami --profile id-only exits 1 with one line naming the key, and sends nothing', async () => {
    const sent: unknown[] = [];
    const result = await sigv4(['whoami', '--profile', 'id-only', '--region', 'us-east-1'], files, { fetch: async (...args) => (sent.push(args), new Response('')) });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^sigv4 whoami: PROVIDER_FAILED: .*profile id-only is missing aws_secret_access_key.*\n$/);
    expect(result.stderr.split('\n')).toHaveLength(2);
    expect(sent).toEqual([]);
  });
});

describe('item 6: expired credentials name the source and the time', () => {
  it('AWS_CREDENTIAL_EXPIRATION in the past, through the default chain', async () => {
    const env = { ...files, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'token', AWS_CREDENTIAL_EXPIRATION: '2026-11-28T11:00:00Z' };
    const error = await captureRejection(fromDefaultChain({ env, clock }));
    expect(error).toBeInstanceOf(CredentialsError);
    expect(error).toMatchObject({
      code: 'CREDENTIALS_EXPIRED',
      message: 'the environment (AWS_CREDENTIAL_EXPIRATION) returned credentials that expired at 2026-11-28T11:00:00.000Z (now 2026-11-28T12:00:00.000Z): renew them there',
    });
  });

  it('sigv4 fetch prints that line', async () => {
    const env = { ...files, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_CREDENTIAL_EXPIRATION: '2026-11-28T11:00:00Z' };
    const result = await sigv4(['fetch', 'https://mediaconnect.us-east-1.amazonaws.com/v1/flows'], env, { clock, fetch: async () => new Response('') });
    expect(result.stderr).toBe('sigv4 fetch: CREDENTIALS_EXPIRED: the environment (AWS_CREDENTIAL_EXPIRATION) returned credentials that expired at 2026-11-28T11:00:00.000Z (now 2026-11-28T12:00:00.000Z): renew them there\n');
  });

  it('cached() names the source it is given, and says "the credential source" otherwise', async () => {
    const stale = async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 's', expiration: new Date('2026-11-28T11:59:59Z') });
    expect(await captureRejection(cached(stale, { clock, source: 'my vault' }))).toMatchObject({ message: 'my vault returned credentials that expired at 2026-11-28T11:59:59.000Z (now 2026-11-28T12:00:00.000Z): renew them there' });
    expect(await captureRejection(cached(stale, { clock }))).toMatchObject({ code: 'CREDENTIALS_EXPIRED', message: expect.stringMatching(/^the credential source returned credentials that expired at 2026-11-28T11:59:59\.000Z/) });
  });
});

describe('item 7: getCallerIdentity without a region', () => {
  it('warns naming what it reads (not "a profile region": it reads no profile), even when the profile has one', async () => {
    const warnings: string[] = [];
    const me = await getCallerIdentity({ credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 's' }, endpoint: sts.url, env: { ...files, AWS_PROFILE: 'with-region' }, warn: (m) => warnings.push(m) });
    expect(me.account).toBe('123456789012');
    expect(warnings).toEqual(['no AWS region configured for STS (the region option, AWS_REGION or AWS_DEFAULT_REGION; profiles are not read here): using us-east-1']);
  });

  it('with region given, no warning', async () => {
    const warnings: string[] = [];
    await getCallerIdentity({ credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 's' }, endpoint: sts.url, region: 'eu-west-1', env: files, warn: (m) => warnings.push(m) });
    expect(warnings).toEqual([]);
  });
});
