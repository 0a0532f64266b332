/**
 * `sigv4 proxy --verify` in front of a loopback echo service: requests signed by botocore (SigV4Auth,
 * test/peers/botocore_sign.py) and by `curl --aws-sigv4` are forwarded with X-Amz-Verified-Access-Key; tampered,
 * unsigned and unknown-key requests get AWS's 403 and never reach the service; a forged
 * X-Amz-Verified-Access-Key is replaced; the keys file is read again when it changes.
 */
import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirePeers, runPeer, type TempDir, tempDir } from '../support/peers.js';
import { type RunningProxy, startProxy } from './cli.js';
import { type Echo, echoService } from './echo.js';

const BOTOCORE_SIGN = fileURLToPath(new URL('../peers/botocore_sign.py', import.meta.url));
const haveCurl = requirePeers(['curl'], 'sigv4 proxy --verify with curl --aws-sigv4');
const haveBotocore = requirePeers(['python-botocore'], 'sigv4 proxy --verify with botocore');

const ALICE = { id: 'AKIDPROXYALICE', secret: 'alice/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const BOB = { id: 'AKIDPROXYBOB0', secret: 'bob/wJalrXUtnFEMI/K7MDENG+bPxRfiCY' };

/** Signs with botocore (test/peers/botocore_sign.py, SigV4Auth at the current time) and sends `sent` (default: the signed body). */
async function botocore(key: { id: string; secret: string }, method: string, url: string, body = '', sent?: string): Promise<{ status: number; body: string }> {
  const timestamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const spec = { method, url, headers: body ? { 'Content-Type': 'text/plain' } : {}, ...(body ? { body } : {}), service: 'execute-api', region: 'us-east-1', timestamp, accessKeyId: key.id, secretAccessKey: key.secret };
  const result = await runPeer('python3', [BOTOCORE_SIGN, JSON.stringify(spec)], {});
  expect(result.code, result.stderr).toBe(0);
  const { headers } = JSON.parse(result.stdout) as { headers: Record<string, string> };
  const payload = sent ?? body;
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { ...headers, ...(payload ? { 'content-length': String(Buffer.byteLength(payload)) } : {}) } }, async (res) => {
      let text = '';
      for await (const chunk of res) text += String(chunk);
      resolve({ status: res.statusCode ?? 0, body: text });
    });
    req.once('error', reject);
    req.end(payload || undefined);
  });
}

async function curl(args: readonly string[]): Promise<{ status: number; body: string }> {
  const result = await runPeer('curl', ['-sS', '-w', '\n%{http_code}', ...args], {});
  const at = result.stdout.lastIndexOf('\n');
  return { status: Number(result.stdout.slice(at + 1)), body: result.stdout.slice(0, at) };
}

const sigv4Curl = (key: { id: string; secret: string }): string[] => ['--aws-sigv4', 'aws:amz:us-east-1:execute-api', '--user', `${key.id}:${key.secret}`];

describe.skipIf(!haveCurl && !haveBotocore)('sigv4 proxy --verify in front of a loopback echo service', () => {
  let echo: Echo;
  let proxy: RunningProxy;
  let dir: TempDir;
  let keysFile: string;
  beforeAll(async () => {
    echo = await echoService();
    dir = tempDir('sigv4kit-proxy-verify-');
    keysFile = dir.file('keys.json', JSON.stringify({ [ALICE.id]: ALICE.secret }));
    proxy = await startProxy(['--verify', '--upstream', echo.url, '--keys', keysFile, '--listen', '127.0.0.1:0', '--service', 'execute-api', '--region', 'us-east-1', '-v']);
  });
  afterAll(async () => {
    if (proxy) expect(await proxy.stop()).toBe(0);
    await echo?.close();
    dir?.dispose();
  });

  it.skipIf(!haveBotocore)('accepts a botocore-signed POST and forwards it with X-Amz-Verified-Access-Key', async () => {
    const before = echo.seen.length;
    const answer = await botocore(ALICE, 'POST', `${proxy.url}/items?colour=blue`, 'hello from botocore');
    expect(answer.status, answer.body).toBe(200);
    expect(echo.seen.length).toBe(before + 1);
    const got = echo.seen.at(-1)!;
    expect(got).toMatchObject({ method: 'POST', url: '/items?colour=blue', body: 'hello from botocore' });
    expect(got.headers['x-amz-verified-access-key']).toBe(ALICE.id);
  });

  it.skipIf(!haveCurl)('accepts curl --aws-sigv4 (GET and POST) and replaces a forged X-Amz-Verified-Access-Key', async () => {
    const before = echo.seen.length;
    const get = await curl([...sigv4Curl(ALICE), `${proxy.url}/items/42`]);
    expect(get.status, get.body).toBe(200);
    const post = await curl([...sigv4Curl(ALICE), '-H', 'X-Amz-Verified-Access-Key: AKIDSOMEONEELSE', '-d', 'from curl', `${proxy.url}/items`]);
    expect(post.status, post.body).toBe(200);
    expect(echo.seen.length).toBe(before + 2);
    expect(echo.seen.at(-2)).toMatchObject({ method: 'GET', url: '/items/42' });
    expect(echo.seen.at(-1)).toMatchObject({ method: 'POST', body: 'from curl' });
    expect(echo.seen.at(-1)!.headers['x-amz-verified-access-key']).toBe(ALICE.id);
  });

  it.skipIf(!haveCurl || !haveBotocore)('refuses tampered, unsigned, wrong-secret and unknown-key requests with 403, and forwards none of them', async () => {
    const before = echo.seen.length;
    const tampered = await botocore(ALICE, 'POST', `${proxy.url}/items`, 'pay 10', 'pay 99');
    expect(tampered.status).toBe(403);
    expect(tampered.body).toContain('<Code>SignatureDoesNotMatch</Code>');
    const unsigned = await curl(['-d', 'no signature', `${proxy.url}/items`]);
    expect(unsigned.status).toBe(403);
    const wrongSecret = await curl([...sigv4Curl({ id: ALICE.id, secret: `${ALICE.secret}x` }), `${proxy.url}/items`]);
    expect(wrongSecret.status).toBe(403);
    expect(wrongSecret.body).toContain('SignatureDoesNotMatch');
    const unknown = await curl([...sigv4Curl(BOB), `${proxy.url}/items`]);
    expect(unknown.status).toBe(403);
    expect(unknown.body).toContain('InvalidClientTokenId');
    expect(echo.seen.length).toBe(before);
    expect(proxy.stderr()).toMatch(/^POST \/items 403 \d+\.\dms \(refused: SignatureDoesNotMatch\)$/m);
  });

  it.skipIf(!haveCurl)('reads the keys file again when it changes: a removed key is refused, an added one accepted', async () => {
    writeFileSync(keysFile, JSON.stringify({ [BOB.id]: BOB.secret, AKIDPROXYCAROL: 'carol-secret-key' }));
    const before = echo.seen.length;
    expect((await curl([...sigv4Curl(ALICE), `${proxy.url}/after-rotation`])).status).toBe(403);
    expect((await curl([...sigv4Curl(BOB), `${proxy.url}/after-rotation`])).status).toBe(200);
    expect(echo.seen.length).toBe(before + 1);
    expect(echo.seen.at(-1)!.headers['x-amz-verified-access-key']).toBe(BOB.id);
    writeFileSync(keysFile, '{ not json');
    expect((await curl([...sigv4Curl(BOB), `${proxy.url}/broken-file`])).status).toBe(403);
    expect(proxy.stderr()).toContain('is not a JSON object of access key id to secret key (invalid JSON): no key is accepted');
    expect(proxy.stderr()).not.toContain(BOB.secret);
    writeFileSync(keysFile, JSON.stringify({ [ALICE.id]: ALICE.secret }));
  });
});
