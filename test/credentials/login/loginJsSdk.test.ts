/**
 * The JS SDK v3's `aws login` provider (@aws-sdk/credential-provider-login 3.972.94, run in a child
 * process by test/peers/js_login.mjs) as a peer for fromLogin: on the same config and cache, against
 * the same loopback Sign-In fake, both send the same refresh body and the same DPoP proof shape
 * (both verify with the cached key), resolve the same credentials and leave the same cache fields.
 */
import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromLogin } from '../../../src/node.js';
import { runPeer, type TempDir, tempDir } from '../../support/peers.js';
import { type FakeSignIn, startFakeSignIn } from '../fakes/signIn.js';

const HELPER = fileURLToPath(new URL('../../peers/js_login.mjs', import.meta.url));
const SESSION = 'arn:aws:iam::111122223333:user/console-user';
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const PEM = privateKey.export({ format: 'pem', type: 'sec1' }).toString();
const b64json = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

describe('fromLogin and the JS SDK v3 login provider on the same cache', { timeout: 120_000 }, () => {
  let fake: FakeSignIn;
  const dirs: TempDir[] = [];
  beforeAll(async () => {
    fake = await startFakeSignIn();
    fake.answer = () => [200, { accessToken: { accessKeyId: 'ASIAPEERLOGINKEY0001', secretAccessKey: 'peer-secret', sessionToken: 'peer-session' }, tokenType: 'aws_sigv4', expiresIn: 900, refreshToken: 'refresh-token-v2' }];
  });
  afterAll(async () => {
    await fake.close();
    for (const d of dirs) d.dispose();
  });

  function home(): { env: Record<string, string>; cacheFile: string } {
    const dir = tempDir('sigv4kit-login-peer-');
    dirs.push(dir);
    const cacheDir = join(dir.path, 'login');
    mkdirSync(cacheDir);
    const cacheFile = join(cacheDir, `${createHash('sha256').update(SESSION).digest('hex')}.json`);
    writeFileSync(cacheFile, JSON.stringify({
      accessToken: { accessKeyId: 'ASIAOLDLOGINKEY00001', secretAccessKey: 'old-secret', sessionToken: 'old-session', accountId: '111122223333', expiresAt: iso(Date.now() + 60_000) },
      tokenType: 'aws_sigv4', refreshToken: 'refresh-token-v1', idToken: 'id-token', clientId: 'arn:aws:signin:::devtools/same-device', dpopKey: PEM,
    }));
    const env = {
      HOME: dir.path,
      AWS_CONFIG_FILE: dir.file('config', `[profile console]\nlogin_session = ${SESSION}\nregion = us-east-1\n`),
      AWS_SHARED_CREDENTIALS_FILE: dir.file('credentials', ''),
      AWS_LOGIN_CACHE_DIRECTORY: cacheDir,
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    return { env, cacheFile };
  }

  it('same refresh body, same DPoP shape (each verified with the cached key), same credentials, same cache fields', async () => {
    const peerHome = home();
    const ourHome = home();
    cpSync(peerHome.cacheFile, ourHome.cacheFile);
    fake.calls.length = 0;
    const result = await runPeer(process.execPath, [HELPER, 'console', fake.url], peerHome.env);
    expect(result.code, result.stderr).toBe(0);
    const peer = JSON.parse(result.stdout) as Record<string, string>;
    const peerCall = fake.calls.at(-1);
    fake.calls.length = 0;
    const ours = await fromLogin({ profile: 'console', env: { ...ourHome.env, AWS_ENDPOINT_URL_SIGNIN: fake.url }, warn: () => {} })();
    const ourCall = fake.calls.at(-1);

    expect(peer).toMatchObject({ accessKeyId: 'ASIAPEERLOGINKEY0001', accountId: '111122223333' });
    expect({ accessKeyId: ours.accessKeyId, secretAccessKey: ours.secretAccessKey, sessionToken: ours.sessionToken, accountId: ours.accountId }).toEqual({
      accessKeyId: peer['accessKeyId'], secretAccessKey: peer['secretAccessKey'], sessionToken: peer['sessionToken'], accountId: peer['accountId'],
    });
    expect(JSON.parse(ourCall?.body ?? '')).toEqual(JSON.parse(peerCall?.body ?? ''));
    expect(ourCall?.url.pathname).toBe(peerCall?.url.pathname);

    const publicKey = createPublicKey(privateKey);
    const proofs = [peerCall, ourCall].map((call) => String(call?.headers['dpop']).split('.'));
    const [peerHeader, ourHeader] = proofs.map(([h]) => b64json(h ?? ''));
    const [peerPayload, ourPayload] = proofs.map(([, p]) => b64json(p ?? ''));
    expect(ourHeader).toEqual(peerHeader);
    expect(Object.keys(ourPayload ?? {}).sort()).toEqual(Object.keys(peerPayload ?? {}).sort());
    expect(ourPayload?.['htm']).toBe(peerPayload?.['htm']);
    expect(ourPayload?.['htu']).toBe(peerPayload?.['htu']);
    for (const [h, p, s] of proofs) {
      expect(verify('sha256', Buffer.from(`${h}.${p}`), { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(s ?? '', 'base64url'))).toBe(true);
    }

    const peerFile = JSON.parse(readFileSync(peerHome.cacheFile, 'utf8')) as { accessToken: Record<string, string> } & Record<string, unknown>;
    const ourFile = JSON.parse(readFileSync(ourHome.cacheFile, 'utf8')) as { accessToken: Record<string, string> } & Record<string, unknown>;
    const withoutExpiry = (file: typeof peerFile) => ({ ...file, accessToken: { ...file.accessToken, expiresAt: undefined } });
    expect(withoutExpiry(ourFile)).toEqual(withoutExpiry(peerFile));
    expect(Math.abs(Date.parse(ourFile.accessToken['expiresAt'] ?? '') - Date.parse(peerFile.accessToken['expiresAt'] ?? ''))).toBeLessThan(60_000);
    // Where we differ on purpose: the JS SDK writes with fs.writeFile (0644 under the usual umask).
    expect(statSync(ourHome.cacheFile).mode & 0o777).toBe(0o600);
  });
});
