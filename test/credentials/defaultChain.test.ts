/**
 * fromDefaultChain precedence: environment, shared files, web identity, container, IMDS. Every
 * source is real (files in a temp dir, loopback fakes for STS, container and IMDS); nothing is mocked
 * and only the standard variables select them.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chain, fromEnv, fromStatic, NoCredentialsError } from '../../src/index.js';
import { fromDefaultChain } from '../../src/node.js';
import { captureRejection } from '../support/errors.js';
import { startFakeContainer } from './fakes/container.js';
import { type FakeImds, startFakeImds } from './fakes/imds.js';
import type { FakeServer } from './fakes/server.js';
import { type FakeSts, startFakeSts } from './fakes/sts.js';

const hour = () => new Date(Date.now() + 3_600_000);
let dir = '';
let sts: FakeSts;
let container: FakeServer;
let imds: FakeImds;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sigv4kit-chain-'));
  await writeFile(join(dir, 'token'), 'eyJraWQiOiJ3ZWIifQ.eyJzdWIiOiJwb2QifQ.c2ln');
  await writeFile(join(dir, 'credentials'), '[default]\naws_access_key_id = AKIAFROMCREDSFILE001\naws_secret_access_key = fromCredentialsFile\n[dev]\naws_access_key_id = AKIAFROMDEVPROFILE01\naws_secret_access_key = dev\n');
  await writeFile(join(dir, 'config'), '[default]\naws_access_key_id = AKIAFROMCONFIGFILE01\naws_secret_access_key = fromConfig\n[profile region-only]\nregion = eu-west-1\n[profile broken]\nrole_arn = arn:aws:iam::123456789012:role/x\n[profile legacy]\naws_access_key_id = AKIALEGACYPROFILE001\naws_secret_access_key = legacy\n' +
    '[profile console]\nlogin_session = arn:aws:iam::123456789012:user/console-user\nregion = us-east-1\n' +
    '[profile sso]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Dev\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n' +
    '[profile id-only]\naws_access_key_id = AKIAIDWITHOUTSECRET1\n[profile secret-only]\naws_secret_access_key = lonely\n[profile token-only]\naws_session_token = tok\n' +
    '[profile orphan-source]\nsource_profile = dev\n[profile orphan-token-file]\nweb_identity_token_file = /tmp/t\n');
  sts = await startFakeSts();
  container = await startFakeContainer({ path: '/creds', credentials: () => ({ accessKeyId: 'ASIAFROMCONTAINER001', secretAccessKey: 'c', sessionToken: 't', expiration: hour() }) });
  imds = await startFakeImds({ credentials: () => ({ accessKeyId: 'ASIAFROMIMDS00000001', secretAccessKey: 'i', sessionToken: 't', expiration: hour() }) });
});
afterAll(async () => {
  await Promise.all([sts.close(), container.close(), imds.close()]);
  await rm(dir, { recursive: true, force: true });
});

const ENV_KEYS = { AWS_ACCESS_KEY_ID: 'AKIAFROMENVIRONMENT1', AWS_SECRET_ACCESS_KEY: 'fromEnv' };
const FILES = () => ({ AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') });
const WEB = () => ({ AWS_WEB_IDENTITY_TOKEN_FILE: join(dir, 'token'), AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/irsa', AWS_ENDPOINT_URL_STS: sts.url, AWS_REGION: 'us-east-1' });
const CONTAINER = () => ({ AWS_CONTAINER_CREDENTIALS_FULL_URI: `${container.url}/creds` });
const IMDS = () => ({ AWS_EC2_METADATA_SERVICE_ENDPOINT: imds.url });
const NO_FILES = { HOME: '/nonexistent-sigv4kit-home' };

const resolveWith = async (env: Record<string, string>) => (await fromDefaultChain({ env, warn: () => {} })()).accessKeyId;

describe('default chain precedence', () => {
  it('1. environment keys come first, even when AWS_PROFILE names a profile (documented choice)', async () => {
    expect(await resolveWith({ ...ENV_KEYS, ...FILES(), AWS_PROFILE: 'dev', ...WEB(), ...CONTAINER(), ...IMDS() })).toBe('AKIAFROMENVIRONMENT1');
  });

  it('2. then the shared files; the credentials file wins over the config file', async () => {
    expect(await resolveWith({ ...FILES(), ...WEB(), ...CONTAINER(), ...IMDS() })).toBe('AKIAFROMCREDSFILE001');
    expect(await resolveWith({ ...FILES(), AWS_PROFILE: 'dev', ...WEB() })).toBe('AKIAFROMDEVPROFILE01');
    expect(await resolveWith({ ...FILES(), AWS_DEFAULT_PROFILE: 'legacy', AWS_EC2_METADATA_DISABLED: 'true' })).toBe('AKIALEGACYPROFILE001');
  });

  it('3. then web identity from AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN', async () => {
    expect(await resolveWith({ ...NO_FILES, ...WEB(), ...CONTAINER(), ...IMDS() })).toBe('ASIAFAKEASSUMEROLEWI');
    const call = sts.bodies().at(-1);
    expect(call?.get('Action')).toBe('AssumeRoleWithWebIdentity');
    expect(call?.get('RoleArn')).toBe('arn:aws:iam::123456789012:role/irsa');
    expect(call?.get('WebIdentityToken')).toBe('eyJraWQiOiJ3ZWIifQ.eyJzdWIiOiJwb2QifQ.c2ln');
  });

  it('4. then the container endpoint', async () => {
    expect(await resolveWith({ ...NO_FILES, ...CONTAINER(), ...IMDS() })).toBe('ASIAFROMCONTAINER001');
  });

  it('5. then instance metadata', async () => {
    expect(await resolveWith({ ...NO_FILES, ...IMDS() })).toBe('ASIAFROMIMDS00000001');
  });

  it('a profile without credentials (region only) moves on to the next source', async () => {
    expect(await resolveWith({ ...FILES(), AWS_PROFILE: 'region-only', ...CONTAINER() })).toBe('ASIAFROMCONTAINER001');
  });

  it('AWS_PROFILE naming a missing profile stops with PROFILE_NOT_FOUND instead of using the container role', async () => {
    const error = await captureRejection(fromDefaultChain({ env: { ...FILES(), AWS_PROFILE: 'typo', ...CONTAINER() } }));
    expect(error).toMatchObject({ code: 'PROFILE_NOT_FOUND' });
  });

  it('a broken profile stops the chain (it must not fall through to another identity)', async () => {
    const before = imds.requests.length;
    const error = await captureRejection(fromDefaultChain({ env: { ...FILES(), AWS_PROFILE: 'broken', ...IMDS() } }));
    expect(error).toMatchObject({ code: 'PROVIDER_FAILED' });
    expect(imds.requests.length).toBe(before);
  });

  // Security: a profile the user chose that we cannot use must never yield the container's or the
  // instance's role instead (issue 14: AWS_PROFILE=console fell through to the container credentials).
  // An SSO or login profile without a cached session (HOME has no ~/.aws/sso or ~/.aws/login cache)
  // asks the user to sign in: it is never "not configured".
  it.each([
    ['console', 'CREDENTIALS_EXPIRED', /run `aws login --profile console`/],
    ['sso', 'CREDENTIALS_EXPIRED', /run `aws sso login --profile sso`/],
    ['id-only', 'PROVIDER_FAILED', /profile id-only is missing aws_secret_access_key/],
    ['secret-only', 'PROVIDER_FAILED', /profile secret-only is missing aws_access_key_id/],
    ['token-only', 'PROVIDER_FAILED', /profile token-only is missing aws_access_key_id and aws_secret_access_key/],
    ['orphan-source', 'PROVIDER_FAILED', /profile orphan-source sets source_profile but no role_arn/],
    ['orphan-token-file', 'PROVIDER_FAILED', /profile orphan-token-file sets web_identity_token_file but no role_arn/],
  ])('AWS_PROFILE=%s stops the chain; the container and instance roles are never asked', async (profile, code, message) => {
    const beforeContainer = container.requests.length;
    const beforeImds = imds.requests.length;
    const error = await captureRejection(fromDefaultChain({ env: { ...FILES(), HOME: dir, AWS_PROFILE: profile, ...WEB(), ...CONTAINER(), ...IMDS() } }));
    expect(error).toMatchObject({ code, message: expect.stringMatching(message) });
    expect(container.requests.length).toBe(beforeContainer);
    expect(imds.requests.length).toBe(beforeImds);
    expect(String((error as Error).message)).not.toContain('lonely');
  });

  it('nothing configured: NO_CREDENTIALS with one reason per source, without contacting IMDS', async () => {
    const before = imds.requests.length;
    const error = await captureRejection(fromDefaultChain({ env: { ...NO_FILES, AWS_EC2_METADATA_DISABLED: 'true', ...IMDS() } }));
    expect(error).toBeInstanceOf(NoCredentialsError);
    expect((error as NoCredentialsError).tried).toEqual([
      'environment: AWS_ACCESS_KEY_ID is not set',
      expect.stringMatching(/^shared files: no profile default in /),
      'web identity: AWS_WEB_IDENTITY_TOKEN_FILE is not set',
      'container: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set',
      'instance metadata: disabled by AWS_EC2_METADATA_DISABLED',
    ]);
    expect(imds.requests.length).toBe(before);
  });

  it('is cached: a second call does not read the sources again', async () => {
    const before = container.requests.length;
    const provider = fromDefaultChain({ env: { ...NO_FILES, ...CONTAINER() } });
    await provider();
    await provider();
    expect(container.requests.length - before).toBe(1);
  });
});

describe('chain()', () => {
  it('moves on only on NO_CREDENTIALS', async () => {
    const found = await chain(fromEnv({ env: {} }), fromStatic({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 's' }))();
    expect(found.accessKeyId).toBe('AKIDEXAMPLE');
    const broken = chain(() => Promise.reject(new Error('boom')), fromStatic({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 's' }));
    expect(await captureRejection(broken)).toMatchObject({ message: 'boom' });
  });
});
