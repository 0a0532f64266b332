/**
 * fromLogin (and login_session profiles through fromIni / fromDefaultChain / source_profile) against
 * a loopback fake of the Sign-In service. The DPoP proof of each refresh is verified here with the
 * public half of the cached key (node:crypto, independently of the code under test): header and
 * payload fields, `htu` equal to the URL called, a fresh `iat`, a UUIDv4 `jti`, a raw 64-byte r||s
 * ES256 signature. Cache files are compared before and after (fields kept, mode 0600).
 */
import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FetchLike, LoginRequiredError } from '../../../src/index.js';
import { fromDefaultChain, fromIni, fromLogin } from '../../../src/node.js';
import { captureRejection } from '../../support/errors.js';
import { startFakeContainer } from '../fakes/container.js';
import type { RecordedCall } from '../fakes/identityCenter.js';
import { expectNoSecrets as expectSecretsHidden } from '../fakes/secrets.js';
import type { FakeServer } from '../fakes/server.js';
import { type FakeSignIn, startFakeSignIn } from '../fakes/signIn.js';
import { type FakeSts, startFakeSts } from '../fakes/sts.js';

const SESSION = 'arn:aws:iam::111122223333:user/console-user';
const ACCOUNT = '111122223333';
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const PEM = privateKey.export({ format: 'pem', type: 'sec1' }).toString();
const SECRETS = ['cached-secret-key', 'cached-session-token', 'refresh-token-v1', 'refresh-token-v2', 'new-secret-key', 'new-session-token', PEM.split('\n')[1] ?? 'x'];

let dir = '';
let cacheDir = '';
let fake: FakeSignIn;
let sts: FakeSts;
let container: FakeServer;

const CONFIG = [
  '[profile console]', `login_session = ${SESSION}`, 'region = us-east-1',
  '[default]', `login_session = ${SESSION}`, 'region = us-east-1',
  '[profile noregion]', `login_session = ${SESSION}`,
  '[profile deploy]', 'role_arn = arn:aws:iam::444455556666:role/deploy', 'source_profile = console', 'role_session_name = from-login',
  '',
].join('\n');

const env = (extra: Record<string, string> = {}) => ({
  HOME: dir,
  AWS_CONFIG_FILE: join(dir, 'config'),
  AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
  AWS_LOGIN_CACHE_DIRECTORY: cacheDir,
  AWS_ENDPOINT_URL_SIGNIN: fake.url,
  AWS_ENDPOINT_URL_STS: sts.url,
  AWS_EC2_METADATA_DISABLED: 'true',
  ...extra,
});
const cacheFile = () => join(cacheDir, `${createHash('sha256').update(SESSION).digest('hex')}.json`);

const cached = (expiresInMs: number, extra: object = {}) => ({
  accessToken: { accessKeyId: 'ASIACACHEDLOGINKEY01', secretAccessKey: 'cached-secret-key', sessionToken: 'cached-session-token', accountId: ACCOUNT, expiresAt: iso(Date.now() + expiresInMs) },
  tokenType: 'aws_sigv4',
  refreshToken: 'refresh-token-v1',
  idToken: 'id-token-kept',
  clientId: 'arn:aws:signin:::devtools/same-device',
  dpopKey: PEM,
  ...extra,
});
const writeCache = (token: object) => writeFile(cacheFile(), JSON.stringify(token, null, 2), { mode: 0o644 });

const refreshed = { accessToken: { accessKeyId: 'ASIANEWLOGINKEY00001', secretAccessKey: 'new-secret-key', sessionToken: 'new-session-token' }, tokenType: 'aws_sigv4', expiresIn: 900, refreshToken: 'refresh-token-v2' };

const expectNoSecrets = (value: unknown): void => expectSecretsHidden(value, SECRETS);

const b64json = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Checks one DPoP proof as a Sign-In server would (RFC 9449 section 4.3), with the cached key's public half. */
function checkDpop(proof: string, calledUrl: string, sentAt: number): void {
  const [h, p, s] = proof.split('.');
  expect(s).toBeDefined();
  const header = b64json(h ?? '');
  const payload = b64json(p ?? '');
  const expectedJwk = publicKey.export({ format: 'jwk' });
  expect(header).toEqual({ typ: 'dpop+jwt', alg: 'ES256', jwk: { kty: 'EC', crv: 'P-256', x: expectedJwk.x, y: expectedJwk.y } });
  expect(Object.keys(payload).sort()).toEqual(['htm', 'htu', 'iat', 'jti']);
  expect(payload['htm']).toBe('POST');
  expect(payload['htu']).toBe(calledUrl);
  expect(payload['jti']).toMatch(UUID_V4);
  expect(Math.abs((payload['iat'] as number) - sentAt / 1000)).toBeLessThan(5);
  const signature = Buffer.from(s ?? '', 'base64url');
  expect(signature).toHaveLength(64);
  // The key in the jwk header verifies it, and so does the cached PEM's public key.
  const fromJwk = createPublicKey({ key: header['jwk'] as import('node:crypto').JsonWebKey, format: 'jwk' });
  for (const key of [fromJwk, publicKey]) {
    expect(verify('sha256', Buffer.from(`${h}.${p}`), { key, dsaEncoding: 'ieee-p1363' }, signature)).toBe(true);
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sigv4kit-login-'));
  cacheDir = join(dir, 'login-cache');
  await writeFile(join(dir, 'config'), CONFIG);
  await writeFile(join(dir, 'credentials'), '');
  fake = await startFakeSignIn();
  sts = await startFakeSts();
  container = await startFakeContainer({ path: '/creds', credentials: () => ({ accessKeyId: 'ASIAFROMCONTAINER001', secretAccessKey: 'c', sessionToken: 't', expiration: new Date(Date.now() + 3_600_000) }) });
});
afterAll(async () => {
  await Promise.all([fake.close(), sts.close(), container.close()]);
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  fake.calls.length = 0;
  fake.answer = () => [500, { message: 'unexpected call' }];
  await rm(cacheDir, { recursive: true, force: true });
  await mkdir(cacheDir, { recursive: true });
});

describe('fromLogin with valid cached keys', () => {
  it('returns the cached keys with accountId and expiry, without any call', async () => {
    const token = cached(10 * 60_000);
    await writeCache(token);
    const creds = await fromLogin({ profile: 'console', env: env(), warn: () => {} })();
    expect(creds).toMatchObject({ accessKeyId: 'ASIACACHEDLOGINKEY01', secretAccessKey: 'cached-secret-key', sessionToken: 'cached-session-token', accountId: ACCOUNT });
    expect(creds.expiration?.toISOString()).toBe(new Date(token.accessToken.expiresAt).toISOString());
    expect(fake.calls).toEqual([]);
    expectNoSecrets(creds);
  });

  it('is used by fromIni, fromDefaultChain and as a source_profile', async () => {
    await writeCache(cached(10 * 60_000));
    expect((await fromIni({ profile: 'console', env: env(), warn: () => {} })()).accessKeyId).toBe('ASIACACHEDLOGINKEY01');
    expect((await fromDefaultChain({ env: env(), warn: () => {} })()).accessKeyId).toBe('ASIACACHEDLOGINKEY01');
    expect((await fromIni({ profile: 'deploy', env: env({ AWS_REGION: 'us-east-1' }), warn: () => {} })()).accessKeyId).toBe('ASIAFAKEASSUMEROLEXX');
    const last = sts.requests.at(-1);
    expect(String(last?.headers['authorization'])).toContain('Credential=ASIACACHEDLOGINKEY01/');
    expect(last?.headers['x-amz-security-token']).toBe('cached-session-token');
  });
});

describe('refresh through Sign-In CreateOAuth2Token with a DPoP proof', () => {
  it('keys within 5 minutes of expiry: the body, the DPoP proof and the rewritten cache file (0600, every other field kept)', async () => {
    const token = cached(2 * 60_000, { signInRegion: 'us-east-1', futureField: { nested: true } });
    await writeCache(token);
    fake.answer = () => [200, refreshed];
    const sentAt = Date.now();
    const creds = await fromLogin({ profile: 'console', env: env(), warn: () => {} })();
    expect(creds).toMatchObject({ accessKeyId: 'ASIANEWLOGINKEY00001', secretAccessKey: 'new-secret-key', sessionToken: 'new-session-token', accountId: ACCOUNT });
    expect(fake.calls).toHaveLength(1);
    const call = fake.calls[0] as RecordedCall;
    expect(call.method).toBe('POST');
    expect(call.url.pathname).toBe('/v1/token');
    expect(call.headers['content-type']).toMatch(/^application\/json/);
    expect(call.headers['authorization']).toBeUndefined();
    expect(JSON.parse(call.body)).toEqual({ clientId: 'arn:aws:signin:::devtools/same-device', grantType: 'refresh_token', refreshToken: 'refresh-token-v1' });
    checkDpop(String(call.headers['dpop']), `${fake.url}/v1/token`, sentAt);

    const after = JSON.parse(await readFile(cacheFile(), 'utf8')) as typeof token;
    const expiresAt = Date.parse(after.accessToken.expiresAt);
    expect(after).toEqual({
      ...token,
      accessToken: { accessKeyId: 'ASIANEWLOGINKEY00001', secretAccessKey: 'new-secret-key', sessionToken: 'new-session-token', accountId: ACCOUNT, expiresAt: after.accessToken.expiresAt },
      refreshToken: 'refresh-token-v2',
    });
    expect(expiresAt).toBeGreaterThanOrEqual(Math.floor(sentAt / 1000) * 1000 + 900_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 900_000);
    expect(creds.expiration?.getTime()).toBeGreaterThanOrEqual(sentAt + 899_000);
    expect((await stat(cacheFile())).mode & 0o777).toBe(0o600);
    expect(await readdir(cacheDir)).toHaveLength(1);
  });

  it('an endpoint with a path: htu is the URL actually called (scheme, host, port, path)', async () => {
    await writeCache(cached(60_000));
    fake.answer = () => [200, refreshed];
    const sentAt = Date.now();
    await fromLogin({ profile: 'console', env: env({ AWS_ENDPOINT_URL_SIGNIN: `${fake.url}/` }), warn: () => {}, cache: false })();
    checkDpop(String(fake.calls[0]?.headers['dpop']), `${fake.url}/v1/token`, sentAt);
    // Two proofs never share a jti.
    await writeCache(cached(60_000));
    await fromLogin({ profile: 'console', env: env(), warn: () => {}, cache: false })();
    const jtis = fake.calls.map((c) => b64json(String(c.headers['dpop']).split('.')[1] ?? '')['jti']);
    expect(new Set(jtis).size).toBe(2);
  });

  it("Sign-In's region: the cache's signInRegion, then the profile's region, then AWS_REGION; the default endpoint is <region>.signin.aws.amazon.com", async () => {
    const urls: string[] = [];
    const recording: FetchLike = async (url, init) => {
      urls.push(url);
      const proof = new Headers(init.headers).get('dpop') ?? '';
      expect(b64json(proof.split('.')[1] ?? '')['htu']).toBe(url);
      return new Response(JSON.stringify(refreshed), { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const noEndpoint = { ...env(), AWS_ENDPOINT_URL_SIGNIN: '' };
    await writeCache(cached(60_000, { signInRegion: 'eu-west-2' }));
    await fromLogin({ profile: 'console', env: noEndpoint, fetch: recording, warn: () => {} })();
    await writeCache(cached(60_000));
    await fromLogin({ profile: 'console', env: { ...noEndpoint, AWS_REGION: 'ap-south-1' }, fetch: recording, warn: () => {} })();
    await writeCache(cached(60_000));
    await fromLogin({ profile: 'noregion', env: { ...noEndpoint, AWS_REGION: 'ap-south-1' }, fetch: recording, warn: () => {} })();
    expect(urls).toEqual(['https://eu-west-2.signin.aws.amazon.com/v1/token', 'https://us-east-1.signin.aws.amazon.com/v1/token', 'https://ap-south-1.signin.aws.amazon.com/v1/token']);
  });

  it('re-reads the file before refreshing: a session another process refreshed is used without a call', async () => {
    await writeCache(cached(60_000));
    const stale = await readFile(cacheFile(), 'utf8');
    await writeCache(cached(14 * 60_000));
    let reads = 0;
    // The first read sees the file as it was before the other process wrote it.
    const readFile_ = async (path: string) => (path === cacheFile() && reads++ === 0 ? stale : readFile(path, 'utf8'));
    const creds = await fromLogin({ profile: 'console', env: env(), readFile: readFile_, warn: () => {} })();
    expect(reads).toBe(2);
    expect(creds.expiration?.getTime()).toBeGreaterThan(Date.now() + 13 * 60_000);
    expect(fake.calls).toEqual([]);
  });
});

describe('expired, missing and refused sessions never fall through', () => {
  it.each([
    [401, 'TOKEN_EXPIRED'],
    [403, 'USER_CREDENTIALS_CHANGED'],
  ])('%i %s: an error naming `aws login --profile console`; cache unchanged; the container is never asked', async (status, oauth) => {
    await writeCache(cached(-60_000));
    const before = await readFile(cacheFile(), 'utf8');
    fake.answer = (body) => [status, { error: oauth, message: `refresh token ${String(body['refreshToken'])} refused` }, 'AccessDeniedException'];
    const error = await captureRejection(fromDefaultChain({ env: env({ AWS_PROFILE: 'console', AWS_CONTAINER_CREDENTIALS_FULL_URI: `${container.url}/creds` }), warn: () => {} }));
    expect(error).toBeInstanceOf(LoginRequiredError);
    expect(error).toMatchObject({ code: 'CREDENTIALS_EXPIRED', command: 'aws login --profile console', message: expect.stringContaining(oauth) });
    expectNoSecrets(error);
    expectNoSecrets((error as Error).cause);
    expect(container.requests).toEqual([]);
    expect(await readFile(cacheFile(), 'utf8')).toBe(before);
  });

  it('a refusal while the keys still work is still an error (the session is over), not a silent reuse', async () => {
    await writeCache(cached(60_000));
    fake.answer = () => [401, { error: 'TOKEN_EXPIRED', message: 'expired' }, 'AccessDeniedException'];
    expect(await captureRejection(fromLogin({ profile: 'default', env: env(), warn: () => {} }))).toMatchObject({ code: 'CREDENTIALS_EXPIRED', command: 'aws login' });
  });

  it('INSUFFICIENT_PERMISSIONS names signin:CreateOAuth2Token', async () => {
    await writeCache(cached(-60_000));
    fake.answer = () => [403, { error: 'INSUFFICIENT_PERMISSIONS', message: 'denied' }, 'AccessDeniedException'];
    const error = await captureRejection(fromLogin({ profile: 'console', env: env(), warn: () => {} }));
    expect(error).toMatchObject({ code: 'PROVIDER_FAILED', message: expect.stringContaining('signin:CreateOAuth2Token') });
  });

  it('a 5xx while the keys still work: the keys are used, with a warning without secrets; once expired it is an error', async () => {
    await writeCache(cached(60_000));
    fake.answer = () => [500, { message: 'internal' }, 'InternalServerException'];
    const warnings: string[] = [];
    expect((await fromLogin({ profile: 'console', env: env(), warn: (m) => warnings.push(m) })()).accessKeyId).toBe('ASIACACHEDLOGINKEY01');
    expect(warnings).toHaveLength(1);
    expectNoSecrets(warnings);
    await writeCache(cached(-1000));
    expect(await captureRejection(fromLogin({ profile: 'console', env: env(), warn: () => {} }))).toMatchObject({ code: 'PROVIDER_FAILED' });
  });

  it('no cache file, or one without the keys: the same `aws login` error as an expired session; nothing called', async () => {
    const missing = await captureRejection(fromDefaultChain({ env: env({ AWS_PROFILE: 'console', AWS_CONTAINER_CREDENTIALS_FULL_URI: `${container.url}/creds` }), warn: () => {} }));
    expect(missing).toMatchObject({ code: 'CREDENTIALS_EXPIRED', command: 'aws login --profile console' });
    await writeFile(cacheFile(), JSON.stringify({ clientId: 'x', refreshToken: 'refresh-token-v1' }));
    const incomplete = await captureRejection(fromLogin({ profile: 'console', env: env(), warn: () => {} }));
    expect(incomplete).toMatchObject({ code: 'CREDENTIALS_EXPIRED', command: 'aws login --profile console' });
    expectNoSecrets(incomplete);
    expect(fake.calls).toEqual([]);
    expect(container.requests).toEqual([]);
  });
});
