/**
 * `sigv4 proxy` against moto with signature checking on (botocore inside moto re-signs every
 * request): an unsigned `curl` goes through the proxy and gets MediaConnect and STS answers. The
 * proxy takes its credentials from the standard chain (environment keys of the provisioned user).
 * Requests stay in moto's comfort zone (peers.md section 4): the proxy signs x-amz-content-sha256,
 * curl's user-agent is not signed, STS form bodies are already Python-urlencoded.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithMoto } from '../support/moto.js';
import { requirePeers, runPeer } from '../support/peers.js';
import { type RunningProxy, startProxy } from './cli.js';

const haveCurl = requirePeers(['curl'], 'sigv4 proxy with curl against moto');
const arnOf = (xml: string): string => /<Arn>([^<]+)<\/Arn>/.exec(xml)?.[1] ?? '';

/** curl with no credentials at all; prints the body, then the status on its own line. */
async function curl(args: readonly string[]): Promise<{ status: number; body: string }> {
  const result = await runPeer('curl', ['-sS', '-w', '\n%{http_code}', ...args], {});
  const at = result.stdout.lastIndexOf('\n');
  return { status: Number(result.stdout.slice(at + 1)), body: result.stdout.slice(0, at) };
}

const BOGUS = [
  '-H', 'Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20150830/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
  '-H', 'X-Amz-Date: 20150830T123600Z',
  '-H', 'X-Amz-Security-Token: not-a-token',
  '-H', 'X-Amz-Content-Sha256: 0000000000000000000000000000000000000000000000000000000000000000',
];
const CALLER_IDENTITY = ['-d', 'Action=GetCallerIdentity&Version=2011-06-15'];

describeWithMoto('sigv4 proxy in front of moto (checking on)', (moto) => {
  const keys = { AWS_ACCESS_KEY_ID: moto.user.accessKeyId, AWS_SECRET_ACCESS_KEY: moto.user.secretAccessKey };
  let mediaconnect: RunningProxy;
  let sts: RunningProxy;
  beforeAll(async () => {
    if (!haveCurl) return;
    mediaconnect = await startProxy(['--listen', '127.0.0.1:0', '--upstream', moto.endpoint, '--service', 'mediaconnect', '--region', 'us-east-1', '-v'], keys);
    sts = await startProxy(['--listen', '127.0.0.1:0', '--upstream', moto.endpoint, '--service', 'sts', '--region', 'us-east-1', '-v'], keys);
  });
  afterAll(async () => {
    if (mediaconnect) expect(await mediaconnect.stop()).toBe(0);
    if (sts) expect(await sts.stop()).toBe(0);
  });

  it.skipIf(!haveCurl)('an unsigned curl lists MediaConnect flows through the proxy (and is refused without it)', async () => {
    const direct = await curl([`${moto.endpoint}/v1/flows`]);
    // moto answers a request without Authorization with a 500 page (peers.md section 1), never 200.
    expect([403, 500]).toContain(direct.status);
    const proxied = await curl([`${mediaconnect.url}/v1/flows`]);
    expect(proxied.status, proxied.body).toBe(200);
    expect(Array.isArray((JSON.parse(proxied.body) as { flows?: unknown }).flows)).toBe(true);
    expect(mediaconnect.stderr()).toMatch(/^GET \/v1\/flows 200 \d+\.\dms$/m);
  });

  it.skipIf(!haveCurl)('an unsigned curl calls STS GetCallerIdentity through the proxy and gets the provisioned user', async () => {
    const proxied = await curl([...CALLER_IDENTITY, `${sts.url}/`]);
    expect(proxied.status, proxied.body).toBe(200);
    expect(arnOf(proxied.body)).toBe(moto.user.arn);
  });

  it.skipIf(!haveCurl)('a request with its own bogus Authorization, X-Amz-Date, token and payload hash is re-signed', async () => {
    const direct = await curl([...BOGUS, ...CALLER_IDENTITY, `${moto.endpoint}/`]);
    expect(direct.status).toBe(403);
    const proxied = await curl([...BOGUS, ...CALLER_IDENTITY, `${sts.url}/`]);
    expect(proxied.status, proxied.body).toBe(200);
    expect(arnOf(proxied.body)).toBe(moto.user.arn);
  });

  it.skipIf(!haveCurl)('--role-arn: signs with the role that the chain credentials assume (STS at moto via AWS_ENDPOINT_URL_STS)', async () => {
    const proxy = await startProxy(['--listen', '127.0.0.1:0', '--upstream', moto.endpoint, '--service', 'sts', '--region', 'us-east-1', '--role-arn', moto.roles.basic.arn], { ...keys, AWS_ENDPOINT_URL_STS: moto.endpoint });
    try {
      const answer = await curl([...CALLER_IDENTITY, `${proxy.url}/`]);
      expect(answer.status, answer.body).toBe(200);
      expect(arnOf(answer.body)).toMatch(new RegExp(`:assumed-role/${moto.roles.basic.roleName}/[^/]+$`));
    } finally {
      await proxy.stop();
    }
  });

  it.skipIf(!haveCurl)('GET /health answers 200 without calling AWS, even with no credentials anywhere', async () => {
    const bare = await startProxy(['--listen', '127.0.0.1:0', '--upstream', moto.endpoint, '--service', 'sts', '--region', 'us-east-1']);
    try {
      expect(await curl([`${bare.url}/health`])).toEqual({ status: 200, body: 'ok\n' });
      // The same proxy cannot sign anything: no credential source is configured.
      const refused = await curl([...CALLER_IDENTITY, `${bare.url}/`]);
      expect(refused.status).toBe(503);
      expect(refused.body).toMatch(/no usable credentials: NO_CREDENTIALS/);
    } finally {
      await bare.stop();
    }
  });

  it.skipIf(!haveCurl)('-v explains a SignatureDoesNotMatch (wrong secret in the chain), without printing the secret', async () => {
    const wrongSecret = `${moto.user.secretAccessKey.slice(0, -4)}XXXX`;
    const proxy = await startProxy(['--listen', '127.0.0.1:0', '--upstream', moto.endpoint, '--service', 'sts', '--region', 'us-east-1', '-v'], { ...keys, AWS_SECRET_ACCESS_KEY: wrongSecret });
    try {
      const answer = await curl([...CALLER_IDENTITY, `${proxy.url}/`]);
      expect(answer.status).toBe(403);
      expect(answer.body).toContain('SignatureDoesNotMatch');
      const log = proxy.stderr();
      expect(log).toMatch(/^POST \/ 403 \d+\.\dms$/m);
      // The explainer's report: AWS's code and format, then its likely causes.
      expect(log).toMatch(/^SignatureDoesNotMatch \(xml\)/m);
      expect(log).toMatch(/^Likely cause:\n  - /m);
      expect(log).not.toContain(wrongSecret);
    } finally {
      await proxy.stop();
    }
  });
});
