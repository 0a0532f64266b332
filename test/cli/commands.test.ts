/**
 * `sigv4 fetch`, `sign`, `presign` and `whoami` in-process, against a loopback server or an injected
 * fetch. Signatures are recomputed by botocore (test/peers/check_capture.py) from the bytes
 * that were sent or printed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRawHttpRequest } from '../../src/cli/rawHttp.js';
import { checkWithBotocore, type Loopback, type Recorded, startLoopback } from '../fetch/loopback.js';
import { requirePeers } from '../support/peers.js';
import { sigv4 } from './io.js';

const KEYS = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', AWS_REGION: 'us-east-1' };
const TOKEN = 'IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+sigv4kit/token==';
const TEMP = { ...KEYS, AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE000000001', AWS_SESSION_TOKEN: TOKEN };
const clock = (): Date => new Date('2026-03-01T12:00:00Z');
const haveBotocore = requirePeers(['python-botocore'], 'sigv4 command tests (botocore oracle)');

let server: Loopback;
let dir: string;
beforeAll(async () => {
  server = await startLoopback((req, res) => {
    if (req.target.startsWith('/fail')) return void res.writeHead(403, { 'content-type': 'application/json', 'x-amzn-requestid': 'rid-7' }).end('{"__type":"AccessDeniedException","message":"no access to this flow"}');
    res.writeHead(200, { 'content-type': 'application/json' }).end(`{"echo":${JSON.stringify(Buffer.from(req.body).toString())}}`);
  });
  dir = mkdtempSync(join(tmpdir(), 'sigv4kit-cli-'));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const last = (): Recorded => server.log[server.log.length - 1]!;
async function botocoreAgrees(r: Recorded, secret = KEYS.AWS_SECRET_ACCESS_KEY, token?: string): Promise<void> {
  const [verdict] = await checkWithBotocore([r], secret, token);
  expect(verdict?.match, verdict?.output).toBe(true);
}

describe.skipIf(!haveBotocore)('sigv4 fetch', () => {
  it('sends a signed GET and prints the body; -i adds the status line and headers', async () => {
    const plain = await sigv4(['fetch', `${server.url}/v1/flows?maxResults=5`, '--service', 'mediaconnect'], KEYS, { clock });
    expect(plain).toMatchObject({ code: 0, stdout: '{"echo":""}', stderr: '' });
    await botocoreAgrees(last());
    const included = await sigv4(['fetch', '-i', `${server.url}/v1/flows`, '--service', 'mediaconnect'], KEYS, { clock });
    expect(included.stdout).toMatch(/^HTTP 200 OK\n(?:[a-z-]+: .*\n)*content-type: application\/json\n(?:[a-z-]+: .*\n)*\n\{"echo":""\}$/);
  });

  it('-d @file and -d @- send the bytes with curl\'s default form Content-Type, POST by default; -X and -H apply', async () => {
    const file = join(dir, 'body.json');
    writeFileSync(file, '{"name":"from-file"}');
    const fromFile = await sigv4(['fetch', `${server.url}/v1/flows`, '--service', 'mediaconnect', '-d', `@${file}`, '-H', 'Content-Type: application/json'], KEYS, { clock });
    expect(fromFile.stdout).toBe('{"echo":"{\\"name\\":\\"from-file\\"}"}');
    expect(last()).toMatchObject({ method: 'POST' });
    expect(last().header('content-type')).toBe('application/json');
    await botocoreAgrees(last());
    const fromStdin = await sigv4(['fetch', `${server.url}/`, '--service', 'sts', '-X', 'PUT', '-d', '@-'], TEMP, { clock, stdin: 'Action=GetCallerIdentity&Version=2011-06-15' });
    expect(fromStdin.code).toBe(0);
    expect(last()).toMatchObject({ method: 'PUT' });
    expect(last().header('content-type')).toBe('application/x-www-form-urlencoded');
    expect(last().header('x-amz-security-token')).toBe(TOKEN);
    await botocoreAgrees(last(), TEMP.AWS_SECRET_ACCESS_KEY, TOKEN);
  });

  it('an AWS error prints code, message and request id on stderr, nothing on stdout, exit 1', async () => {
    const result = await sigv4(['fetch', `${server.url}/fail`, '--service', 'mediaconnect'], KEYS, { clock });
    expect(result).toEqual({ code: 1, stdout: '', stdoutBytes: new Uint8Array(), stderr: 'sigv4 fetch: HTTP 403: AccessDeniedException: no access to this flow (request id rid-7)\n' });
  });

  it('-v shows the canonical request, string to sign and headers on stderr with the token redacted', async () => {
    const result = await sigv4(['fetch', '-v', `${server.url}/v1/flows`, '--service', 'mediaconnect'], TEMP, { clock });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('* signed for 20260301/us-east-1/mediaconnect/aws4_request with ASIA...0001');
    expect(result.stderr).toContain('*   x-amz-security-token:[redacted]\n');
    expect(result.stderr).toContain('* string to sign:\n*   AWS4-HMAC-SHA256\n*   20260301T120000Z\n');
    expect(result.stderr).toContain('> x-amz-security-token: [redacted]\n');
    expect(result.stderr).toContain('< HTTP 200 OK\n');
    expect(result.stderr).not.toContain(TOKEN);
    expect(result.stderr).not.toContain(TEMP.AWS_SECRET_ACCESS_KEY);
  });

  it('exits 1 with one line when there are no credentials or the server cannot be reached', async () => {
    const none = await sigv4(['fetch', `${server.url}/v1/flows`, '--service', 'mediaconnect', '--region', 'us-east-1'], {}, { clock });
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^sigv4 fetch: NO_CREDENTIALS: no credentials found; tried: .*\n$/);
    const closed = await startLoopback();
    await closed.close();
    const down = await sigv4(['fetch', `${closed.url}/v1/flows`, '--service', 'mediaconnect'], KEYS, { clock, retry: { sleep: async () => undefined } });
    expect(down.code).toBe(1);
    expect(down.stderr).toBe(`sigv4 fetch: NETWORK_ERROR: connection refused by ${new URL(closed.url).host} (ECONNREFUSED)\n`);
  });

  it('takes the region from the profile when neither flags, host nor environment name one', async () => {
    const config = join(dir, 'config');
    writeFileSync(config, '[profile dev]\nregion = eu-north-1\n');
    const creds = join(dir, 'credentials');
    writeFileSync(creds, `[dev]\naws_access_key_id = ${KEYS.AWS_ACCESS_KEY_ID}\naws_secret_access_key = ${KEYS.AWS_SECRET_ACCESS_KEY}\n`);
    const result = await sigv4(['fetch', `${server.url}/v1/flows`, '--service', 'mediaconnect', '--profile', 'dev'], { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: creds }, { clock });
    expect(result.code, result.stderr).toBe(0);
    expect(last().header('authorization')).toContain('/20260301/eu-north-1/mediaconnect/aws4_request');
    await botocoreAgrees(last());
  });
});

describe.skipIf(!haveBotocore)('sigv4 sign', () => {
  it('signs a raw request from stdin; the printed request, sent as is, is one botocore accepts', async () => {
    const raw = 'POST /v1/flows?b=2&a=1 HTTP/1.1\r\nHost: ' + new URL(server.url).host + '\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{"name":"x"}\n';
    const result = await sigv4(['sign', '--service', 'mediaconnect', '--scheme', 'http'], TEMP, { clock, stdin: raw });
    expect(result.code, result.stderr).toBe(0);
    const signed = parseRawHttpRequest(result.stdoutBytes);
    expect(signed).toMatchObject({ method: 'POST', url: '/v1/flows?a=1&b=2' });
    expect(new TextDecoder().decode(signed.body)).toBe('{"name":"x"}\n');
    expect(signed.headers).toContainEqual(['x-amz-security-token', TOKEN]);
    const response = await fetch(`${server.url}${signed.url}`, { method: signed.method, headers: signed.headers, body: signed.body as BodyInit });
    expect(response.status).toBe(200);
    await botocoreAgrees(last(), TEMP.AWS_SECRET_ACCESS_KEY, TOKEN);
  });

  it('refuses a request it cannot read with exit 2', async () => {
    const result = await sigv4(['sign', '--service', 'mediaconnect'], KEYS, { clock, stdin: 'GET /v1/flows HTTP/1.1\r\n\r\n' });
    expect(result).toMatchObject({ code: 2, stdout: '', stderr: 'sigv4 sign: the request has a path target and no Host header\n' });
  });
});

describe.skipIf(!haveBotocore)('sigv4 presign', () => {
  it('prints a URL that botocore re-derives, and that the server receives as printed', async () => {
    const result = await sigv4(['presign', `${server.url}/reports/q1 2026.csv`, '--expires', '600', '--service', 's3'], TEMP, { clock });
    expect(result.code, result.stderr).toBe(0);
    const url = result.stdout.trim();
    expect(url).toMatch(/X-Amz-Expires=600&.*X-Amz-Security-Token=.*&X-Amz-Signature=[0-9a-f]{64}$/);
    expect((await fetch(url)).status).toBe(200);
    expect(last().target).toBe(url.slice(server.url.length));
    await botocoreAgrees(last(), TEMP.AWS_SECRET_ACCESS_KEY, TOKEN);
  });

  it('warns when the credentials expire before the URL, and refuses --expires over 7 days (exit 2)', async () => {
    const soon = { ...TEMP, AWS_CREDENTIAL_EXPIRATION: '2026-03-01T12:05:00Z' };
    const result = await sigv4(['presign', 'https://my-bucket.s3.us-east-1.amazonaws.com/a.txt', '--expires', '3600'], soon, { clock });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('warning: the credentials expire at 2026-03-01T12:05:00.000Z, before the URL (2026-03-01T13:00:00.000Z); it stops working then\n');
    const tooLong = await sigv4(['presign', 'https://my-bucket.s3.us-east-1.amazonaws.com/a.txt', '--expires', '604801'], KEYS, { clock });
    expect(tooLong.code).toBe(2);
    expect(tooLong.stderr).toMatch(/^sigv4 presign: INVALID_EXPIRES: /);
  });
});

describe('sigv4 whoami', () => {
  const identityXml = (arn: string, userId: string): string =>
    `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>${arn}</Arn><UserId>${userId}</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;
  const stsAnswering = (xml: string) => async (url: string) => (url.startsWith('https://sts.us-east-1.amazonaws.com') ? new Response(xml, { headers: { 'content-type': 'text/xml' } }) : new Response('', { status: 404 }));

  it('prints the identity as JSON and warns on stderr for the root user', async () => {
    const root = await sigv4(['whoami'], KEYS, { fetch: stsAnswering(identityXml('arn:aws:iam::123456789012:root', '123456789012')) });
    expect(root.code).toBe(0);
    expect(JSON.parse(root.stdout)).toEqual({ UserId: '123456789012', Account: '123456789012', Arn: 'arn:aws:iam::123456789012:root', Type: 'root' });
    expect(root.stderr).toMatch(/^warning: these credentials belong to the AWS account root user/);
    const user = await sigv4(['whoami'], KEYS, { fetch: stsAnswering(identityXml('arn:aws:iam::123456789012:user/alice', 'AIDAEXAMPLE')) });
    expect(user).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(user.stdout)).toMatchObject({ Type: 'iam-user' });
  });

  it('shows the account the credentials carry (AWS_ACCOUNT_ID), and warns when STS names another', async () => {
    const fetch = stsAnswering(identityXml('arn:aws:iam::123456789012:user/alice', 'AIDAEXAMPLE'));
    const same = await sigv4(['whoami'], { ...KEYS, AWS_ACCOUNT_ID: '123456789012' }, { fetch });
    expect(same).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(same.stdout)).toMatchObject({ Account: '123456789012', CredentialsAccountId: '123456789012' });
    const other = await sigv4(['whoami'], { ...KEYS, AWS_ACCOUNT_ID: '999999999999' }, { fetch });
    expect(other.code).toBe(0);
    expect(JSON.parse(other.stdout)).toMatchObject({ Account: '123456789012', CredentialsAccountId: '999999999999' });
    expect(other.stderr).toBe('warning: the credentials say account 999999999999 but STS says 123456789012: fix AWS_ACCOUNT_ID or aws_account_id\n');
  });

  it("signs for the profile's region when the environment names none, and lets AWS_REGION win", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigv4-whoami-'));
    writeFileSync(join(dir, 'config'), '[default]\nregion = eu-west-3\n');
    const seen: string[] = [];
    const fetch = async (url: string, init?: RequestInit) => {
      seen.push(`${url} ${new Headers(init?.headers).get('authorization')?.match(/Credential=[^/]+\/\d+\/([^/]+)\//)?.[1]}`);
      return new Response(identityXml('arn:aws:iam::123456789012:user/alice', 'AIDAEXAMPLE'), { headers: { 'content-type': 'text/xml' } });
    };
    const fromProfile = await sigv4(['whoami'], { ...KEYS, AWS_REGION: undefined, AWS_CONFIG_FILE: join(dir, 'config') }, { fetch });
    expect(fromProfile).toMatchObject({ code: 0, stderr: '' });
    const fromEnv = await sigv4(['whoami'], { ...KEYS, AWS_CONFIG_FILE: join(dir, 'config'), AWS_REGION: 'ap-south-1' }, { fetch });
    expect(fromEnv.code).toBe(0);
    expect(seen).toEqual(['https://sts.eu-west-3.amazonaws.com eu-west-3', 'https://sts.ap-south-1.amazonaws.com ap-south-1']);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('sigv4 sign | sigv4 verify', () => {
  it('a request printed by `sign` passes `verify` (exit 0); the same request with its body changed fails (exit 1)', async () => {
    const raw = 'PUT /v1/flows/f1 HTTP/1.1\r\nHost: mediaconnect.us-east-1.amazonaws.com\r\nContent-Type: application/json\r\n\r\n{"description":"new"}';
    const signed = await sigv4(['sign'], TEMP, { clock, stdin: raw });
    expect(signed.code, signed.stderr).toBe(0);
    const verified = await sigv4(['verify'], TEMP, { clock, stdin: signed.stdoutBytes });
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ valid: true, service: 'mediaconnect', region: 'us-east-1', accessKeyId: TEMP.AWS_ACCESS_KEY_ID });
    const tampered = signed.stdout.replace('{"description":"new"}', '{"description":"evil"}');
    const refused = await sigv4(['verify'], TEMP, { clock, stdin: tampered });
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({ valid: false, code: 'SignatureDoesNotMatch' });
  });
});
