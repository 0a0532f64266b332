/** fromIni profile shapes: static, role chains, credential_source, web identity, MFA, errors. Fake STS on loopback. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReadFile } from '../../../src/index.js';
import { fromIni } from '../../../src/node.js';
import { captureRejection } from '../../support/errors.js';
import { startFakeContainer } from '../fakes/container.js';
import { type FakeImds, startFakeImds } from '../fakes/imds.js';
import type { FakeServer } from '../fakes/server.js';
import { type FakeSts, startFakeSts } from '../fakes/sts.js';

/** An in-memory file system: missing paths reject with ENOENT, as fs does. */
function files(contents: Record<string, string>): ReadFile {
  return (path) =>
    path in contents ? Promise.resolve(contents[path] ?? '') : Promise.reject(Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' }));
}

let sts: FakeSts;
let container: FakeServer;
let imds: FakeImds;
const hour = () => new Date(Date.now() + 3_600_000);
beforeAll(async () => {
  sts = await startFakeSts();
  container = await startFakeContainer({ path: '/c', credentials: () => ({ accessKeyId: 'ASIACONTAINERSOURCE1', secretAccessKey: 'c', sessionToken: 't', expiration: hour() }) });
  imds = await startFakeImds({ credentials: () => ({ accessKeyId: 'ASIAIMDSSOURCE000001', secretAccessKey: 'i', sessionToken: 't', expiration: hour() }) });
});
afterAll(() => Promise.all([sts.close(), container.close(), imds.close()]));

const CONFIG = () => `
[profile base]
aws_access_key_id = AKIABASEEXAMPLE00001
aws_secret_access_key = baseSecret

[profile self]
role_arn = arn:aws:iam::123456789012:role/self
source_profile = self
aws_access_key_id = AKIASELFEXAMPLE00001
aws_secret_access_key = selfSecret

[profile with-mfa]
role_arn = arn:aws:iam::123456789012:role/mfa
source_profile = base
mfa_serial = arn:aws:iam::123456789012:mfa/alice
duration_seconds = 1800
role_session_name = alice-session

[profile loop-a]
role_arn = arn:aws:iam::123456789012:role/a
source_profile = loop-b
[profile loop-b]
role_arn = arn:aws:iam::123456789012:role/b
source_profile = loop-a

[profile missing-source]
role_arn = arn:aws:iam::123456789012:role/x
source_profile = nope

[profile both]
role_arn = arn:aws:iam::123456789012:role/x
source_profile = base
credential_source = Environment

[profile from-env]
role_arn = arn:aws:iam::123456789012:role/from-env
credential_source = Environment

[profile from-ecs]
role_arn = arn:aws:iam::123456789012:role/from-ecs
credential_source = EcsContainer

[profile from-ec2]
role_arn = arn:aws:iam::123456789012:role/from-ec2
credential_source = Ec2InstanceMetadata

[profile bad-source]
role_arn = arn:aws:iam::123456789012:role/x
credential_source = environment

[profile web]
role_arn = arn:aws:iam::123456789012:role/web
web_identity_token_file = /tokens/web
role_session_name = web-session

[profile sso]
sso_session = corp
sso_account_id = 123456789012
sso_role_name = Admin

[profile empty-source]
role_arn = arn:aws:iam::123456789012:role/x
source_profile = region-only
[profile region-only]
region = eu-west-1
`;

const fs = () => files({ '/home/u/.aws/config': CONFIG(), '/tokens/web': 'web.identity.token\n' });
const ini = (profile: string, extra: object = {}) =>
  fromIni({ profile, readFile: fs(), env: { HOME: '/home/u', AWS_ENDPOINT_URL_STS: sts.url, AWS_REGION: 'us-east-1' }, cache: false, ...extra });
const last = () => Object.fromEntries(sts.bodies().at(-1) ?? []);
const lastAuth = () => String(sts.requests.at(-1)?.headers['authorization'] ?? '');

describe('role profiles', () => {
  it('a profile may assume its own role with its own static keys', async () => {
    await ini('self')();
    expect(last()).toMatchObject({ Action: 'AssumeRole', RoleArn: 'arn:aws:iam::123456789012:role/self' });
    expect(lastAuth()).toContain('Credential=AKIASELFEXAMPLE00001/');
  });

  it('mfa_serial asks the callback, and duration_seconds and role_session_name are sent', async () => {
    const asked: string[] = [];
    await ini('with-mfa', { mfaCode: (serial: string) => (asked.push(serial), '246810') })();
    expect(asked).toEqual(['arn:aws:iam::123456789012:mfa/alice']);
    expect(last()).toMatchObject({ RoleSessionName: 'alice-session', DurationSeconds: '1800', SerialNumber: 'arn:aws:iam::123456789012:mfa/alice', TokenCode: '246810' });
    expect(lastAuth()).toContain('Credential=AKIABASEEXAMPLE00001/');
  });

  it('mfa_serial without a callback is MFA_CODE_REQUIRED', async () => {
    expect(await captureRejection(ini('with-mfa'))).toMatchObject({ code: 'MFA_CODE_REQUIRED' });
  });

  it('credential_source = Environment signs AssumeRole with the environment keys', async () => {
    const env = { HOME: '/home/u', AWS_ENDPOINT_URL_STS: sts.url, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIAENVSOURCE0000001', AWS_SECRET_ACCESS_KEY: 's' };
    await fromIni({ profile: 'from-env', readFile: fs(), env, cache: false })();
    expect(lastAuth()).toContain('Credential=AKIAENVSOURCE0000001/');
  });

  it('credential_source = EcsContainer and Ec2InstanceMetadata use those endpoints as the source', async () => {
    const env = { HOME: '/home/u', AWS_ENDPOINT_URL_STS: sts.url, AWS_REGION: 'us-east-1', AWS_CONTAINER_CREDENTIALS_FULL_URI: `${container.url}/c`, AWS_EC2_METADATA_SERVICE_ENDPOINT: imds.url };
    await fromIni({ profile: 'from-ecs', readFile: fs(), env, cache: false })();
    expect(lastAuth()).toContain('Credential=ASIACONTAINERSOURCE1/');
    await fromIni({ profile: 'from-ec2', readFile: fs(), env, cache: false })();
    expect(lastAuth()).toContain('Credential=ASIAIMDSSOURCE000001/');
  });

  it('role_arn + web_identity_token_file calls AssumeRoleWithWebIdentity, unsigned, with the file token', async () => {
    const creds = await ini('web')();
    expect(creds.accessKeyId).toMatch(/^ASIA/);
    expect(last()).toMatchObject({ Action: 'AssumeRoleWithWebIdentity', RoleSessionName: 'web-session', WebIdentityToken: 'web.identity.token' });
    expect(sts.requests.at(-1)?.headers['authorization']).toBeUndefined();
  });
});

describe('broken profiles fail loudly (and stop a chain)', () => {
  it.each([
    ['loop-a', 'PROVIDER_FAILED', /loop-a -> loop-b -> loop-a/],
    ['missing-source', 'PROFILE_NOT_FOUND', /nope/],
    ['both', 'PROVIDER_FAILED', /both source_profile and credential_source/],
    ['bad-source', 'PROVIDER_FAILED', /Environment, Ec2InstanceMetadata or EcsContainer/],
    ['sso', 'PROVIDER_FAILED', /sso_session = corp, but there is no \[sso-session corp\] section/],
    ['empty-source', 'PROVIDER_FAILED', /has no credentials/],
    ['does-not-exist', 'PROFILE_NOT_FOUND', /does-not-exist/],
  ])('%s: %s', async (profile, code, message) => {
    const error = await captureRejection(ini(profile));
    expect(error).toMatchObject({ code });
    expect((error as Error).message).toMatch(message);
  });

  it('a profile with only settings is NO_CREDENTIALS (a chain moves on)', async () => {
    expect(await captureRejection(ini('region-only'))).toMatchObject({ code: 'NO_CREDENTIALS' });
  });

  it('an unreadable file (not ENOENT) is PROVIDER_FAILED', async () => {
    const readFile: ReadFile = () => Promise.reject(Object.assign(new Error('EACCES'), { code: 'EACCES' }));
    expect(await captureRejection(fromIni({ readFile, env: { HOME: '/h' } }))).toMatchObject({ code: 'PROVIDER_FAILED' });
  });
});

describe('file locations', () => {
  it('expands ~ in AWS_SHARED_CREDENTIALS_FILE, and the credentials file wins over the config file', async () => {
    const readFile = files({
      '/home/u/.aws/config': '[default]\naws_access_key_id = AKIACONFIG0000000001\naws_secret_access_key = c\n',
      '/home/u/custom/creds': '[default]\naws_access_key_id = AKIACREDENTIALS00001\naws_secret_access_key = k\n',
    });
    const creds = await fromIni({ readFile, env: { HOME: '/home/u', AWS_SHARED_CREDENTIALS_FILE: '~/custom/creds' } })();
    expect(creds.accessKeyId).toBe('AKIACREDENTIALS00001');
  });
});
