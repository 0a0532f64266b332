/**
 * botocore 1.43's SSO provider as a peer: the same config and token cache, with
 * AWS_ENDPOINT_URL_SSO / _SSO_OIDC pointing both at the same loopback fake, resolve to the same
 * credentials; a near-expiry sso-session token is refreshed by both with the same CreateToken body
 * and leaves the same cache fields. botocore's refusals (expired legacy token, region conflict)
 * are refusals here too.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromSso } from '../../../src/node.js';
import { captureRejection } from '../../support/errors.js';
import { requirePeers, runPeer, type TempDir, tempDir } from '../../support/peers.js';
import { type FakeIdentityCenter, startFakeIdentityCenter } from '../fakes/identityCenter.js';

const HELPER = fileURLToPath(new URL('../../peers/sso_credentials.py', import.meta.url));
const START = 'https://corp.awsapps.com/start';
const ACCOUNT = '111122223333';
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

const CONFIG = [
  '[profile dev]', 'sso_session = corp', `sso_account_id = ${ACCOUNT}`, 'sso_role_name = Developer',
  '[sso-session corp]', `sso_start_url = ${START}`, 'sso_region = us-east-1',
  '[profile legacy]', `sso_start_url = ${START}`, 'sso_region = us-east-1', `sso_account_id = ${ACCOUNT}`, 'sso_role_name = Legacy',
  '[profile conflict]', 'sso_session = corp', 'sso_region = eu-central-1', `sso_account_id = ${ACCOUNT}`, 'sso_role_name = Developer',
  '',
].join('\n');

interface PeerAnswer {
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  accountId?: string | null;
  expiration?: string | null;
  error?: string;
  message?: string;
}

// Each case starts python3 + botocore once or twice: seconds when idle, more under load.
describe('fromSso and botocore 1.43 on the same config and cache', { timeout: 120_000 }, () => {
  const enabled = requirePeers(['python-botocore'], 'SSO against botocore');
  let fake: FakeIdentityCenter;
  const dirs: TempDir[] = [];
  beforeAll(async () => {
    fake = await startFakeIdentityCenter();
    fake.roles.set('cached-access-token', { accessKeyId: 'ASIAPEERSSOCREDS0001', secretAccessKey: 'peer-secret', sessionToken: 'peer-session', expiration: Date.UTC(2031, 5, 1, 0, 0, 0) });
    fake.roles.set('refreshed-access-token', { accessKeyId: 'ASIAPEERSSOREFRESHED', secretAccessKey: 'peer-secret-2', sessionToken: 'peer-session-2', expiration: Date.UTC(2031, 5, 2, 0, 0, 0) });
    fake.oidc = () => [200, { accessToken: 'refreshed-access-token', expiresIn: 3600, refreshToken: 'refresh-token-v2', tokenType: 'Bearer' }];
  });
  afterAll(async () => {
    await fake.close();
    for (const d of dirs) d.dispose();
  });

  /** A HOME with the config and one token file; returns the env both clients use. */
  function home(tokens: Record<string, object>): { env: Record<string, string>; dir: TempDir } {
    const dir = tempDir('sigv4kit-sso-peer-');
    dirs.push(dir);
    mkdirSync(join(dir.path, '.aws', 'sso', 'cache'), { recursive: true });
    for (const [key, token] of Object.entries(tokens)) writeFileSync(join(dir.path, '.aws', 'sso', 'cache', `${sha1(key)}.json`), JSON.stringify(token));
    const env = {
      HOME: dir.path,
      AWS_CONFIG_FILE: dir.file('config', CONFIG),
      AWS_SHARED_CREDENTIALS_FILE: dir.file('credentials', ''),
      AWS_ENDPOINT_URL_SSO: fake.url,
      AWS_ENDPOINT_URL_SSO_OIDC: fake.url,
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    return { env, dir };
  }

  /** The same HOME copied, so each client starts from the same files. */
  function copyHome(from: TempDir): { env: Record<string, string>; dir: TempDir } {
    const dir = tempDir('sigv4kit-sso-peer-');
    dirs.push(dir);
    cpSync(from.path, dir.path, { recursive: true });
    const env = { HOME: dir.path, AWS_CONFIG_FILE: join(dir.path, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir.path, 'credentials'), AWS_ENDPOINT_URL_SSO: fake.url, AWS_ENDPOINT_URL_SSO_OIDC: fake.url, AWS_EC2_METADATA_DISABLED: 'true' };
    return { env, dir };
  }

  async function botocore(profile: string, env: Record<string, string>): Promise<PeerAnswer> {
    const result = await runPeer('python3', [HELPER, profile], env);
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as PeerAnswer;
  }

  const token = (expiresInMs: number, extra: object = {}) => ({
    startUrl: START, region: 'us-east-1', accessToken: 'cached-access-token', expiresAt: iso(Date.now() + expiresInMs),
    clientId: 'client-id', clientSecret: 'client-secret', registrationExpiresAt: iso(Date.now() + 86_400_000 * 30), refreshToken: 'refresh-token-v1', ...extra,
  });

  it.runIf(enabled)('a valid sso-session token: the same credentials, account and expiry', async () => {
    const { env } = home({ corp: token(3_600_000) });
    const peer = await botocore('dev', env);
    const ours = await fromSso({ profile: 'dev', env, warn: () => {} })();
    expect(peer).toMatchObject({ accessKeyId: 'ASIAPEERSSOCREDS0001', accountId: ACCOUNT });
    expect({ accessKeyId: ours.accessKeyId, secretAccessKey: ours.secretAccessKey, sessionToken: ours.sessionToken, accountId: ours.accountId }).toEqual({
      accessKeyId: peer.accessKeyId, secretAccessKey: peer.secretAccessKey, sessionToken: peer.sessionToken, accountId: peer.accountId,
    });
    expect(ours.expiration?.getTime()).toBe(Date.parse(peer.expiration ?? ''));
  });

  it.runIf(enabled)('the legacy start-URL token: the same credentials', async () => {
    const { env } = home({ [START]: { startUrl: START, region: 'us-east-1', accessToken: 'cached-access-token', expiresAt: iso(Date.now() + 3_600_000) } });
    const peer = await botocore('legacy', env);
    const ours = await fromSso({ profile: 'legacy', env, warn: () => {} })();
    expect(ours.accessKeyId).toBe(peer.accessKeyId);
    expect(ours.sessionToken).toBe(peer.sessionToken);
  });

  it.runIf(enabled)('a token 2 minutes from expiry: both refresh with the same CreateToken body and write the same cache fields', async () => {
    const first = home({ corp: token(120_000) });
    const second = copyHome(first.dir);
    const cacheFile = (d: TempDir) => join(d.path, '.aws', 'sso', 'cache', `${sha1('corp')}.json`);
    fake.calls.length = 0;
    const peer = await botocore('dev', first.env);
    const peerBodies = fake.calls.filter((c) => c.url.pathname === '/token').map((c) => JSON.parse(c.body) as unknown);
    fake.calls.length = 0;
    const ours = await fromSso({ profile: 'dev', env: second.env, warn: () => {} })();
    const ourBodies = fake.calls.filter((c) => c.url.pathname === '/token').map((c) => JSON.parse(c.body) as unknown);
    expect(peer.accessKeyId).toBe('ASIAPEERSSOREFRESHED');
    expect(ours.accessKeyId).toBe(peer.accessKeyId);
    expect(ourBodies).toEqual(peerBodies);
    const peerFile = JSON.parse(readFileSync(cacheFile(first.dir), 'utf8')) as Record<string, string>;
    const ourFile = JSON.parse(readFileSync(cacheFile(second.dir), 'utf8')) as Record<string, string>;
    expect(Object.keys(ourFile).sort()).toEqual(Object.keys(peerFile).sort());
    const { expiresAt: peerExpiry, ...peerRest } = peerFile;
    const { expiresAt: ourExpiry, ...ourRest } = ourFile;
    expect(ourRest).toEqual(peerRest);
    expect(Math.abs(Date.parse(ourExpiry ?? '') - Date.parse(peerExpiry ?? ''))).toBeLessThan(60_000);
  });

  it.runIf(enabled)('both refuse an expired legacy token and a profile whose sso_region conflicts with its session, without a call', async () => {
    const { env } = home({ [START]: { startUrl: START, region: 'us-east-1', accessToken: 'cached-access-token', expiresAt: iso(Date.now() - 60_000) } });
    fake.calls.length = 0;
    expect((await botocore('legacy', env)).error).toBe('UnauthorizedSSOTokenError');
    expect(await captureRejection(fromSso({ profile: 'legacy', env, warn: () => {} }))).toMatchObject({ code: 'CREDENTIALS_EXPIRED' });
    expect((await botocore('conflict', env)).error).toBe('InvalidConfigError');
    expect(await captureRejection(fromSso({ profile: 'conflict', env, warn: () => {} }))).toMatchObject({ code: 'PROVIDER_FAILED', message: expect.stringContaining('sso_region') });
    expect(fake.calls).toEqual([]);
  });
});
