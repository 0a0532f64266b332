/**
 * `sigv4 whoami --profile` and `sigv4 fetch --profile` with an IAM Identity Center profile and an
 * `aws login` profile: the commands sign with the session's credentials, and an expired session is
 * reported with the command to run (and no secret) instead of another identity being used.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sigv4 } from './io.js';

const dir = mkdtempSync(join(tmpdir(), 'sigv4kit-cli-signin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const SESSION = 'arn:aws:iam::111122223333:user/console-user';

writeFileSync(join(dir, 'config'), [
  '[profile dev]', 'sso_session = corp', 'sso_account_id = 111122223333', 'sso_role_name = Developer', 'region = us-east-1',
  '[sso-session corp]', 'sso_start_url = https://corp.awsapps.com/start', 'sso_region = us-east-1',
  '[profile console]', `login_session = ${SESSION}`, 'region = us-east-1', '',
].join('\n'));
mkdirSync(join(dir, '.aws', 'sso', 'cache'), { recursive: true });
mkdirSync(join(dir, '.aws', 'login', 'cache'), { recursive: true });
const ssoCache = join(dir, '.aws', 'sso', 'cache', `${createHash('sha1').update('corp').digest('hex')}.json`);
const loginCache = join(dir, '.aws', 'login', 'cache', `${createHash('sha256').update(SESSION).digest('hex')}.json`);

const ENV = {
  HOME: dir,
  AWS_CONFIG_FILE: join(dir, 'config'),
  AWS_ENDPOINT_URL_SSO: 'http://127.0.0.1:9/',
  AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:9/container',
};
const identityXml = (arn: string) =>
  `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>${arn}</Arn><UserId>AROAEXAMPLE:me</UserId><Account>111122223333</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;

function services(seen: string[]) {
  return async (url: string, init?: RequestInit): Promise<Response> => {
    const headers = new Headers(init?.headers);
    seen.push(`${url.split('?')[0]} ${headers.get('x-amz-sso_bearer_token') ?? headers.get('authorization')?.match(/Credential=([A-Z0-9]+)\//)?.[1] ?? '-'}`);
    if (url.startsWith('http://127.0.0.1:9/federation/credentials')) {
      return new Response(JSON.stringify({ roleCredentials: { accessKeyId: 'ASIACLISSOROLECREDS1', secretAccessKey: 'sso-secret', sessionToken: 'sso-session-token', expiration: Date.now() + 3_600_000 } }), { status: 200 });
    }
    if (url.startsWith('https://sts.us-east-1.amazonaws.com')) return new Response(identityXml('arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Developer_abc/me'), { headers: { 'content-type': 'text/xml' } });
    return new Response('unexpected', { status: 500 });
  };
}

describe('sign-in sessions in the CLI', () => {
  it('sigv4 whoami --profile dev signs GetCallerIdentity with the IAM Identity Center role credentials', async () => {
    writeFileSync(ssoCache, JSON.stringify({ startUrl: 'https://corp.awsapps.com/start', region: 'us-east-1', accessToken: 'cli-access-token', expiresAt: iso(Date.now() + 3_600_000) }));
    const seen: string[] = [];
    const result = await sigv4(['whoami', '--profile', 'dev'], ENV, { fetch: services(seen) });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ Account: '111122223333', Type: 'assumed-role' });
    expect(seen).toEqual(['http://127.0.0.1:9/federation/credentials cli-access-token', 'https://sts.us-east-1.amazonaws.com ASIACLISSOROLECREDS1']);
  });

  it('an expired SSO session: exit 1 with the aws sso login command, the container is never asked, no secret printed', async () => {
    writeFileSync(ssoCache, JSON.stringify({ startUrl: 'https://corp.awsapps.com/start', region: 'us-east-1', accessToken: 'cli-access-token', expiresAt: iso(Date.now() - 60_000) }));
    const seen: string[] = [];
    const result = await sigv4(['whoami'], { ...ENV, AWS_PROFILE: 'dev' }, { fetch: services(seen) });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('aws sso login --profile dev');
    expect(result.stderr + result.stdout).not.toContain('cli-access-token');
    expect(seen).toEqual([]);
  });

  it('sigv4 fetch --profile console signs with the aws login keys; an expired one asks for aws login', async () => {
    const keys = (expiresInMs: number) => ({
      accessToken: { accessKeyId: 'ASIACLILOGINKEYS0001', secretAccessKey: 'login-secret', sessionToken: 'login-session-token', accountId: '111122223333', expiresAt: iso(Date.now() + expiresInMs) },
      clientId: 'arn:aws:signin:::devtools/same-device', refreshToken: 'login-refresh-token', dpopKey: 'not used while the keys are fresh',
    });
    writeFileSync(loginCache, JSON.stringify(keys(10 * 60_000)));
    const seen: string[] = [];
    const ok = await sigv4(['fetch', '--profile', 'console', 'https://sts.us-east-1.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15'], ENV, { fetch: services(seen) });
    expect(ok.code, ok.stderr).toBe(0);
    expect(seen).toEqual(['https://sts.us-east-1.amazonaws.com/ ASIACLILOGINKEYS0001']);
    writeFileSync(loginCache, JSON.stringify({ ...keys(-60_000), refreshToken: undefined }));
    const expired = await sigv4(['fetch', '--profile', 'console', 'https://sts.us-east-1.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15'], ENV, { fetch: services(seen) });
    expect(expired.code).not.toBe(0);
    expect(expired.stderr).toContain('aws login --profile console');
    expect(expired.stderr).not.toContain('login-secret');
  });
});
