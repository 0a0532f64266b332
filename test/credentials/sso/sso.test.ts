/**
 * fromSso (and SSO profiles through fromIni / fromDefaultChain / source_profile) against loopback
 * fakes of the IAM Identity Center portal and SSO-OIDC. Every request is checked (bearer token,
 * query, refresh body, no signature), and the token cache file before and after (fields kept,
 * mode 0600, no temporary file left behind).
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LoginRequiredError } from '../../../src/index.js';
import { fromDefaultChain, fromIni, fromSso } from '../../../src/node.js';
import { captureRejection } from '../../support/errors.js';
import { startFakeContainer } from '../fakes/container.js';
import { type FakeIdentityCenter, startFakeIdentityCenter } from '../fakes/identityCenter.js';
import { expectNoSecrets as expectSecretsHidden } from '../fakes/secrets.js';
import type { FakeServer } from '../fakes/server.js';
import { type FakeSts, startFakeSts } from '../fakes/sts.js';

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const ACCOUNT = '111122223333';
const START = 'https://corp.awsapps.com/start';
const SECRETS = ['cached-access-token', 'refresh-token-v1', 'client-secret-value', 'secret-from-portal', 'session-from-portal', 'new-access-token', 'refresh-token-v2'];

let dir = '';
let cacheDir = '';
let fake: FakeIdentityCenter;
let sts: FakeSts;
let container: FakeServer;

const CONFIG = [
  '[profile dev]', 'sso_session = corp', `sso_account_id = ${ACCOUNT}`, 'sso_role_name = Developer', 'region = eu-west-1',
  '[sso-session corp]', `sso_start_url = ${START}`, 'sso_region = us-east-1', 'sso_registration_scopes = sso:account:access',
  '[profile legacy]', `sso_start_url = ${START}`, 'sso_region = us-east-1', `sso_account_id = ${ACCOUNT}`, 'sso_role_name = Legacy',
  '[profile conflict]', 'sso_session = corp', 'sso_region = eu-central-1', `sso_account_id = ${ACCOUNT}`, 'sso_role_name = Developer',
  '[profile same]', 'sso_session = corp', 'sso_region = us-east-1', `sso_account_id = ${ACCOUNT}`, 'sso_role_name = Developer',
  '[profile no-role]', 'sso_session = corp', `sso_account_id = ${ACCOUNT}`,
  '[profile deploy]', 'role_arn = arn:aws:iam::444455556666:role/deploy', 'source_profile = dev', 'role_session_name = from-sso',
  '',
].join('\n');

const env = (extra: Record<string, string> = {}) => ({
  HOME: dir,
  AWS_CONFIG_FILE: join(dir, 'config'),
  AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
  AWS_ENDPOINT_URL_SSO: fake.url,
  AWS_ENDPOINT_URL_SSO_OIDC: fake.url,
  AWS_ENDPOINT_URL_STS: sts.url,
  AWS_EC2_METADATA_DISABLED: 'true',
  ...extra,
});

interface SessionToken {
  startUrl: string;
  region: string;
  accessToken: string;
  expiresAt: string;
  clientId?: string;
  clientSecret?: string;
  registrationExpiresAt?: string;
  refreshToken?: string | undefined;
  [extra: string]: unknown;
}

const sessionFile = () => join(cacheDir, `${sha1('corp')}.json`);
const legacyFile = () => join(cacheDir, `${sha1(START)}.json`);

async function writeToken(path: string, token: SessionToken): Promise<void> {
  await writeFile(path, JSON.stringify(token), { mode: 0o644 });
}
const sessionToken = (expiresInMs: number, extra: Partial<SessionToken> = {}): SessionToken => ({
  startUrl: START,
  region: 'us-east-1',
  accessToken: 'cached-access-token',
  expiresAt: iso(Date.now() + expiresInMs),
  clientId: 'client-id-value',
  clientSecret: 'client-secret-value',
  registrationExpiresAt: iso(Date.now() + 90 * 86_400_000),
  refreshToken: 'refresh-token-v1',
  ...extra,
});

const portalCalls = () => fake.calls.filter((c) => c.url.pathname === '/federation/credentials');
const oidcCalls = () => fake.calls.filter((c) => c.url.pathname === '/token');

const expectNoSecrets = (value: unknown): void => expectSecretsHidden(value, SECRETS);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sigv4kit-sso-'));
  cacheDir = join(dir, '.aws', 'sso', 'cache');
  await writeFile(join(dir, 'config'), CONFIG);
  await writeFile(join(dir, 'credentials'), '');
  fake = await startFakeIdentityCenter();
  sts = await startFakeSts();
  container = await startFakeContainer({ path: '/creds', credentials: () => ({ accessKeyId: 'ASIAFROMCONTAINER001', secretAccessKey: 'c', sessionToken: 't', expiration: new Date(Date.now() + 3_600_000) }) });
});
afterAll(async () => {
  await Promise.all([fake.close(), sts.close(), container.close()]);
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  fake.calls.length = 0;
  fake.roles.clear();
  fake.portalError = undefined;
  fake.oidc = () => [400, { error: 'invalid_grant', error_description: 'unexpected refresh' }];
  await rm(join(dir, '.aws'), { recursive: true, force: true });
  const { mkdir } = await import('node:fs/promises');
  await mkdir(cacheDir, { recursive: true });
});

const PORTAL_EXPIRY = Date.UTC(2030, 0, 1, 12, 0, 0);
const portalAnswer = { accessKeyId: 'ASIASSOROLECREDS0001', secretAccessKey: 'secret-from-portal', sessionToken: 'session-from-portal', expiration: PORTAL_EXPIRY };

describe('fromSso with a valid sso-session token', () => {
  it('calls GetRoleCredentials with the cached bearer token and returns the role credentials with accountId', async () => {
    await writeToken(sessionFile(), sessionToken(3_600_000));
    const before = await readFile(sessionFile(), 'utf8');
    fake.roles.set('cached-access-token', portalAnswer);
    const creds = await fromSso({ profile: 'dev', env: env(), warn: () => {} })();
    expect(creds).toMatchObject({ accessKeyId: 'ASIASSOROLECREDS0001', secretAccessKey: 'secret-from-portal', sessionToken: 'session-from-portal', accountId: ACCOUNT });
    expect(creds.expiration?.toISOString()).toBe('2030-01-01T12:00:00.000Z');
    const [call, ...rest] = fake.calls;
    expect(rest).toEqual([]);
    expect(call?.method).toBe('GET');
    expect(call?.url.pathname).toBe('/federation/credentials');
    expect(Object.fromEntries(call?.url.searchParams ?? [])).toEqual({ role_name: 'Developer', account_id: ACCOUNT });
    expect(call?.headers['x-amz-sso_bearer_token']).toBe('cached-access-token');
    expect(call?.headers['authorization']).toBeUndefined();
    expect(await readFile(sessionFile(), 'utf8')).toBe(before);
    expectNoSecrets(creds);
  });

  it('is used by fromIni, by fromDefaultChain (AWS_PROFILE) and as the source_profile of a role', async () => {
    await writeToken(sessionFile(), sessionToken(3_600_000));
    fake.roles.set('cached-access-token', portalAnswer);
    expect((await fromIni({ profile: 'dev', env: env(), warn: () => {} })()).accessKeyId).toBe('ASIASSOROLECREDS0001');
    expect((await fromDefaultChain({ env: env({ AWS_PROFILE: 'dev' }), warn: () => {} })()).accessKeyId).toBe('ASIASSOROLECREDS0001');
    const assumed = await fromIni({ profile: 'deploy', env: env({ AWS_REGION: 'us-east-1' }), warn: () => {} })();
    expect(assumed.accessKeyId).toBe('ASIAFAKEASSUMEROLEXX');
    const last = sts.requests.at(-1);
    // The AssumeRole call is signed with the SSO role credentials.
    expect(String(last?.headers['authorization'])).toContain('Credential=ASIASSOROLECREDS0001/');
    expect(last?.headers['x-amz-security-token']).toBe('session-from-portal');
    expect(sts.bodies().at(-1)?.get('RoleArn')).toBe('arn:aws:iam::444455556666:role/deploy');
  });

  it('a value set in both the profile and its sso-session must agree: sso_region conflict is named, nothing is called', async () => {
    await writeToken(sessionFile(), sessionToken(3_600_000));
    fake.roles.set('cached-access-token', portalAnswer);
    const error = await captureRejection(fromSso({ profile: 'conflict', env: env(), warn: () => {} }));
    expect(error).toMatchObject({ code: 'PROVIDER_FAILED', message: expect.stringMatching(/sso_region = eu-central-1.*sso-session corp sets sso_region = us-east-1/) });
    expect(fake.calls).toEqual([]);
    // Equal values are fine (botocore's rule).
    expect((await fromSso({ profile: 'same', env: env(), warn: () => {} })()).accessKeyId).toBe('ASIASSOROLECREDS0001');
  });

  it('a profile with sso_session but no sso_role_name is an error naming the missing key, never "not configured"', async () => {
    const error = await captureRejection(fromDefaultChain({ env: env({ AWS_PROFILE: 'no-role', AWS_CONTAINER_CREDENTIALS_FULL_URI: `${container.url}/creds` }), warn: () => {} }));
    expect(error).toMatchObject({ code: 'PROVIDER_FAILED', message: expect.stringContaining('sso_role_name') });
    expect(container.requests).toEqual([]);
  });
});

describe('sso-session token refresh (SSO-OIDC CreateToken)', () => {
  it('a token within 5 minutes of expiry is refreshed; the cache file is rewritten atomically, 0600, keeping every other field', async () => {
    await writeToken(sessionFile(), sessionToken(120_000, { customField: 'kept' }));
    const before = JSON.parse(await readFile(sessionFile(), 'utf8')) as SessionToken;
    fake.oidc = () => [200, { accessToken: 'new-access-token', expiresIn: 28_800, refreshToken: 'refresh-token-v2', tokenType: 'Bearer' }];
    fake.roles.set('new-access-token', portalAnswer);
    const started = Date.now();
    const creds = await fromSso({ profile: 'dev', env: env(), warn: () => {} })();
    expect(creds.accessKeyId).toBe('ASIASSOROLECREDS0001');

    const [refresh] = oidcCalls();
    expect(oidcCalls()).toHaveLength(1);
    expect(refresh?.method).toBe('POST');
    expect(refresh?.headers['content-type']).toMatch(/^application\/json/);
    expect(refresh?.headers['authorization']).toBeUndefined();
    expect(JSON.parse(refresh?.body ?? '')).toEqual({ clientId: 'client-id-value', clientSecret: 'client-secret-value', grantType: 'refresh_token', refreshToken: 'refresh-token-v1' });
    expect(portalCalls().map((c) => c.headers['x-amz-sso_bearer_token'])).toEqual(['new-access-token']);

    const after = JSON.parse(await readFile(sessionFile(), 'utf8')) as SessionToken;
    expect(after).toEqual({ ...before, accessToken: 'new-access-token', refreshToken: 'refresh-token-v2', expiresAt: after.expiresAt });
    const expiresAt = Date.parse(after.expiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(Math.floor(started / 1000) * 1000 + 28_800_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 28_800_000);
    expect((await stat(sessionFile())).mode & 0o777).toBe(0o600);
    expect((await readdir(cacheDir)).sort()).toEqual([`${sha1('corp')}.json`]);
  });

  it('a token with more than 5 minutes left is not refreshed', async () => {
    await writeToken(sessionFile(), sessionToken(6 * 60_000));
    fake.roles.set('cached-access-token', portalAnswer);
    await fromSso({ profile: 'dev', env: env(), warn: () => {} })();
    expect(oidcCalls()).toEqual([]);
  });

  it('an expired token whose refresh is refused: an error naming `aws sso login --profile dev`, no secret in it, cache unchanged, and the chain stops', async () => {
    await writeToken(sessionFile(), sessionToken(-60_000));
    const before = await readFile(sessionFile(), 'utf8');
    fake.oidc = (body) => [400, { error: 'invalid_grant', error_description: `refresh token ${String(body['refreshToken'])} is expired` }];
    const error = await captureRejection(fromDefaultChain({ env: env({ AWS_PROFILE: 'dev', AWS_CONTAINER_CREDENTIALS_FULL_URI: `${container.url}/creds` }), warn: () => {} }));
    expect(error).toBeInstanceOf(LoginRequiredError);
    expect(error).toMatchObject({ code: 'CREDENTIALS_EXPIRED', command: 'aws sso login --profile dev', message: expect.stringContaining('aws sso login --profile dev') });
    expectNoSecrets(error);
    expectNoSecrets((error as Error).cause);
    expect(portalCalls()).toEqual([]);
    expect(container.requests).toEqual([]);
    expect(await readFile(sessionFile(), 'utf8')).toBe(before);
  });

  it('a refresh that fails while the token still works keeps using the token (with a warning without secrets)', async () => {
    await writeToken(sessionFile(), sessionToken(120_000));
    fake.oidc = () => [500, { message: 'internal' }];
    fake.roles.set('cached-access-token', portalAnswer);
    const warnings: string[] = [];
    expect((await fromSso({ profile: 'dev', env: env(), warn: (m) => warnings.push(m) })()).accessKeyId).toBe('ASIASSOROLECREDS0001');
    expect(warnings).toHaveLength(1);
    expectNoSecrets(warnings);
  });

  it('an expired token without a refresh token or with an expired registration asks for aws sso login without calling anything', async () => {
    await writeToken(sessionFile(), sessionToken(-1000, { refreshToken: undefined }));
    expect(await captureRejection(fromSso({ profile: 'dev', env: env(), warn: () => {} }))).toMatchObject({ code: 'CREDENTIALS_EXPIRED', command: 'aws sso login --profile dev' });
    await writeToken(sessionFile(), sessionToken(-1000, { registrationExpiresAt: iso(Date.now() - 1000) }));
    expect(await captureRejection(fromSso({ profile: 'dev', env: env(), warn: () => {} }))).toMatchObject({ code: 'CREDENTIALS_EXPIRED' });
    expect(fake.calls).toEqual([]);
  });
});

describe('missing, expired and refused sessions never fall through', () => {
  it('no cache file: the same aws sso login error as an expired token; container never asked', async () => {
    const error = await captureRejection(fromDefaultChain({ env: env({ AWS_PROFILE: 'dev', AWS_CONTAINER_CREDENTIALS_FULL_URI: `${container.url}/creds` }), warn: () => {} }));
    expect(error).toBeInstanceOf(LoginRequiredError);
    expect(error).toMatchObject({ code: 'CREDENTIALS_EXPIRED', command: 'aws sso login --profile dev' });
    expect(fake.calls).toEqual([]);
    expect(container.requests).toEqual([]);
  });

  it('legacy form: the start-URL token is used until it expires and never refreshed; expired asks for aws sso login', async () => {
    await writeToken(legacyFile(), { startUrl: START, region: 'us-east-1', accessToken: 'cached-access-token', expiresAt: iso(Date.now() + 60_000) });
    fake.roles.set('cached-access-token', portalAnswer);
    expect((await fromSso({ profile: 'legacy', env: env(), warn: () => {} })()).accessKeyId).toBe('ASIASSOROLECREDS0001');
    expect(Object.fromEntries(portalCalls()[0]?.url.searchParams ?? [])).toEqual({ role_name: 'Legacy', account_id: ACCOUNT });
    await writeToken(legacyFile(), { startUrl: START, region: 'us-east-1', accessToken: 'cached-access-token', expiresAt: iso(Date.now() - 1000) });
    fake.calls.length = 0;
    const error = await captureRejection(fromSso({ profile: 'legacy', env: env(), warn: () => {} }));
    expect(error).toMatchObject({ code: 'CREDENTIALS_EXPIRED', command: 'aws sso login --profile legacy' });
    expect(fake.calls).toEqual([]);
  });

  it('401 from the portal (revoked session) also says to run aws sso login; 403 names the role and account', async () => {
    await writeToken(sessionFile(), sessionToken(3_600_000));
    const unauthorized = await captureRejection(fromSso({ profile: 'dev', env: env(), warn: () => {} }));
    expect(unauthorized).toMatchObject({ code: 'CREDENTIALS_EXPIRED', command: 'aws sso login --profile dev', message: expect.stringContaining('UnauthorizedException') });
    expectNoSecrets(unauthorized);
    fake.portalError = [403, 'ForbiddenException'];
    const forbidden = await captureRejection(fromSso({ profile: 'dev', env: env(), warn: () => {} }));
    expect(forbidden).toMatchObject({ code: 'PROVIDER_FAILED', message: expect.stringMatching(/role Developer in account 111122223333/) });
  });

  it('explicit settings (the JS SDK option names) need all four', async () => {
    await writeToken(sessionFile(), sessionToken(3_600_000));
    fake.roles.set('cached-access-token', portalAnswer);
    const provider = fromSso({ ssoStartUrl: START, ssoRegion: 'us-east-1', ssoAccountId: ACCOUNT, ssoRoleName: 'Developer', ssoSession: 'corp', env: env(), warn: () => {} });
    expect((await provider()).accountId).toBe(ACCOUNT);
    expect(() => fromSso({ ssoStartUrl: START, env: env() })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });
});
