/**
 * createSignedFetch on the wire: each request goes to a loopback server that records the bytes as
 * they arrived, and botocore (test/peers/check_capture.py) recomputes the signature from them.
 * Form bodies are compared with Python's urllib.parse.urlencode itself.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignedFetch, InvalidRequestError, type SignedRequest } from '../../src/index.js';
import { EMPTY_SHA256 } from '../../src/steps.js';
import { captureRejection } from '../support/errors.js';
import { requirePeers } from '../support/peers.js';
import { checkWithBotocore, type Loopback, type Recorded, startLoopback } from './loopback.js';

const KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const TEMPORARY = { accessKeyId: 'ASIAEXAMPLE1234567890', secretAccessKey: 'tempSecret/EXAMPLE+KEY', sessionToken: 'FQoGZXIvYXdzEXAMPLE//token+with/slashes==' };
const clock = (): Date => new Date('2026-03-01T12:00:00Z');
const haveBotocore = requirePeers(['python-botocore'], 'createSignedFetch wire tests (botocore oracle)');

let server: Loopback;
beforeAll(async () => {
  server = await startLoopback();
});
afterAll(() => server.close());

function lastRequest(): Recorded {
  const r = server.log[server.log.length - 1];
  if (r === undefined) throw new Error('the server received nothing');
  return r;
}

async function expectBotocoreAgrees(r: Recorded, credentials: { secretAccessKey: string; sessionToken?: string } = KEYS): Promise<void> {
  const [verdict] = await checkWithBotocore([r], credentials.secretAccessKey, credentials.sessionToken);
  expect(verdict?.match, verdict?.output).toBe(true);
}

const pythonUrlencode = (pairs: Array<[string, string]>): string =>
  execFileSync('python3', ['-c', 'import sys,json,urllib.parse;sys.stdout.write(urllib.parse.urlencode([tuple(p) for p in json.loads(sys.argv[1])]))', JSON.stringify(pairs)], { encoding: 'utf8' });

describe.skipIf(!haveBotocore)('createSignedFetch: what is sent is what is signed (botocore recomputes)', () => {
  const signed: SignedRequest[] = [];
  const send = (extra: object = {}) =>
    createSignedFetch({ credentials: KEYS, service: 'mediaconnect', region: 'us-east-1', clock, onSigned: (s) => signed.push(s), ...extra });

  it('percent-encodes what is not valid on the wire (space, non-ASCII) before signing; the query goes out in canonical order', async () => {
    const response = await send()(`${server.url}/v1/flows/caf\u00e9 au lait?z=1&a=b c&q=\u00fc'`);
    expect(response.status).toBe(200);
    const r = lastRequest();
    expect(r.target).toBe('/v1/flows/caf%C3%A9%20au%20lait?a=b%20c&q=%C3%BC%27&z=1');
    expect(signed.at(-1)?.url).toBe(`${server.url}${r.target}`);
    await expectBotocoreAgrees(r);
  });

  it('sends and signs x-amz-content-sha256 by default (moto and S3 need it), and not with contentSha256Header: false', async () => {
    await send()(`${server.url}/v1/flows`);
    expect(lastRequest().header('x-amz-content-sha256')).toBe(EMPTY_SHA256);
    expect(signed.at(-1)?.signedHeaders).toBe('host;x-amz-content-sha256;x-amz-date');
    await expectBotocoreAgrees(lastRequest());
    await send({ contentSha256Header: false })(`${server.url}/v1/flows`);
    expect(lastRequest().header('x-amz-content-sha256')).toBeUndefined();
    await expectBotocoreAgrees(lastRequest());
  });

  it('writes a URLSearchParams body byte for byte as Python urlencode does, with the form Content-Type', async () => {
    const pairs: Array<[string, string]> = [['Action', 'AssumeRole'], ['Policy', '{"Version": "2012-10-17", "a*b": "~/é+x"}'], ['RoleSessionName', 's_1.2-3~']];
    await send({ service: 'sts' })(`${server.url}/`, { method: 'POST', body: new URLSearchParams(pairs) });
    const r = lastRequest();
    expect(Buffer.from(r.body).toString('latin1')).toBe(pythonUrlencode(pairs));
    expect(r.header('content-type')).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    expect(signed.at(-1)?.signedHeaders).toContain('content-type');
    await expectBotocoreAgrees(r);
  });

  it('clones a Request: the caller can still read its body, and nothing in it changed', async () => {
    const original = new Request(`${server.url}/v1/flows`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-custom': 'kept' }, body: '{"name":"flow-1"}' });
    await send()(original);
    expect(original.bodyUsed).toBe(false);
    expect(await original.text()).toBe('{"name":"flow-1"}');
    expect([...original.headers]).toEqual([['content-type', 'application/json'], ['x-custom', 'kept']]);
    const r = lastRequest();
    expect(Buffer.from(r.body).toString()).toBe('{"name":"flow-1"}');
    expect(r.header('x-custom')).toBe('kept');
    await expectBotocoreAgrees(r);
  });

  it('signs a Blob with its type, bytes, and temporary credentials with the token', async () => {
    const blob = new Blob([new Uint8Array([0, 1, 2, 250, 255])], { type: 'application/octet-stream' });
    await send({ credentials: TEMPORARY })(`${server.url}/v1/blobs`, { method: 'PUT', body: blob });
    const r = lastRequest();
    expect([...r.body]).toEqual([0, 1, 2, 250, 255]);
    expect(r.header('content-type')).toBe('application/octet-stream');
    expect(r.header('x-amz-security-token')).toBe(TEMPORARY.sessionToken);
    await expectBotocoreAgrees(r, TEMPORARY);
  });

  it('streams a body with a precomputed SHA-256 without reading it before fetch is called', async () => {
    const data = new TextEncoder().encode('streamed payload '.repeat(1000));
    let pulls = 0;
    const stream = new ReadableStream<Uint8Array>({ pull: (c) => (pulls++ === 0 ? c.enqueue(data) : c.close()) }, { highWaterMark: 0 });
    const pullsAtSend: number[] = [];
    const spy = (url: string, init: RequestInit) => (pullsAtSend.push(pulls), globalThis.fetch(url, init));
    const payloadHash = createHash('sha256').update(data).digest('hex');
    await send({ fetch: spy })(`${server.url}/v1/upload`, { method: 'PUT', body: stream, payloadHash });
    expect(pullsAtSend).toEqual([0]);
    const r = lastRequest();
    expect(Buffer.from(r.body).equals(Buffer.from(data))).toBe(true);
    expect(r.header('x-amz-content-sha256')).toBe(payloadHash);
    await expectBotocoreAgrees(r);
  });

  it('signs an S3 stream of known length as aws-chunked, and one of unknown length as UNSIGNED-PAYLOAD', async () => {
    const data = new Uint8Array(70_000).map((_, i) => i % 251);
    const s3 = send({ service: 's3' });
    await s3(`${server.url}/bucket/key.bin`, { method: 'PUT', body: new Blob([data]).stream(), headers: { 'content-length': String(data.length) } });
    const chunked = lastRequest();
    expect(chunked.header('x-amz-content-sha256')).toBe('STREAMING-AWS4-HMAC-SHA256-PAYLOAD');
    expect(chunked.header('x-amz-decoded-content-length')).toBe(String(data.length));
    expect(Buffer.from(decodeAwsChunked(chunked.body)).equals(Buffer.from(data))).toBe(true);
    await expectBotocoreAgrees(chunked);
    await s3(`${server.url}/bucket/key.bin`, { method: 'PUT', body: new Blob([data]).stream() });
    expect(lastRequest().header('x-amz-content-sha256')).toBe('UNSIGNED-PAYLOAD');
    expect(lastRequest().body.length).toBe(data.length);
    await expectBotocoreAgrees(lastRequest());
  });
});

/** Reads an aws-chunked body back to the object bytes (chunk signatures are the chunked signer's tests' business). */
function decodeAwsChunked(body: Uint8Array): Uint8Array {
  const parts: Buffer[] = [];
  const buf = Buffer.from(body);
  for (let at = 0; ; ) {
    const eol = buf.indexOf('\r\n', at);
    const size = Number.parseInt(buf.subarray(at, eol).toString().split(';')[0]!, 16);
    if (size === 0) return new Uint8Array(Buffer.concat(parts));
    parts.push(buf.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}

describe('createSignedFetch: input it refuses, with typed errors and nothing sent', () => {
  const calls: string[] = [];
  const recording = async (url: string) => (calls.push(url), new Response('{}'));

  it.each([
    ['a stream without a hash, outside S3', 'https://mediaconnect.us-east-1.amazonaws.com/v1/flows', { method: 'POST', body: new Blob(['x']).stream() }, 'INVALID_BODY'],
    ['a relative URL', '/v1/flows', undefined, 'INVALID_URL'],
    ['a body on GET', 'https://mediaconnect.us-east-1.amazonaws.com/v1/flows', { body: 'x' }, 'INVALID_BODY'],
    ['a host that names no service', 'http://127.0.0.1:9/v1/flows', undefined, 'INVALID_SERVICE'],
  ] as const)('%s', async (_what, url, init, code) => {
    const send = createSignedFetch({ credentials: KEYS, fetch: recording, clock, env: {} });
    const error = await captureRejection(() => send(url, init as RequestInit | undefined));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ code });
    expect(calls).toEqual([]);
  });

  it('needs a region when neither the host nor the environment has one', async () => {
    const send = createSignedFetch({ credentials: KEYS, fetch: recording, clock, env: {}, service: 'mediaconnect' });
    expect(await captureRejection(() => send('http://127.0.0.1:9/v1/flows'))).toMatchObject({ code: 'INVALID_REGION' });
  });
});

describe('createSignedFetch: defaults', () => {
  const seen: Array<{ url: string; init: RequestInit }> = [];
  const recording = async (url: string, init: RequestInit) => (seen.push({ url, init }), new Response('{}'));
  const scopeOf = (init: RequestInit | undefined): string => /Credential=[^/]+\/\d{8}\/([^,]+)\/aws4_request/.exec(String((init?.headers as Record<string, string>)['authorization']))?.[1] ?? '';

  it.each([
    ['https://mediaconnect.eu-west-1.amazonaws.com/v1/flows', {}, 'eu-west-1/mediaconnect'],
    ['https://my-bucket.s3.ap-southeast-2.amazonaws.com/a.txt', {}, 'ap-southeast-2/s3'],
    ['http://127.0.0.1:9/v1/flows', { AWS_REGION: 'eu-central-1' }, 'eu-central-1/mediaconnect'],
    ['http://127.0.0.1:9/v1/flows', { AWS_DEFAULT_REGION: 'us-west-2' }, 'us-west-2/mediaconnect'],
    ['https://mediaconnect.eu-west-1.amazonaws.com/v1/flows', { AWS_REGION: 'us-east-1' }, 'eu-west-1/mediaconnect'],
  ])('%s with env %j is signed for %s', async (url, env, scope) => {
    const isLoopback = url.startsWith('http://127.');
    await createSignedFetch({ credentials: KEYS, fetch: recording, clock, env, ...(isLoopback ? { service: 'mediaconnect' } : {}) })(url);
    expect(scopeOf(seen.at(-1)?.init)).toBe(scope);
  });

  it('takes credentials from the default chain, fed by the injected environment', async () => {
    await createSignedFetch({ fetch: recording, clock, env: { AWS_ACCESS_KEY_ID: 'AKIDFROMENV', AWS_SECRET_ACCESS_KEY: 'secret-from-env' } })('https://sts.us-east-1.amazonaws.com/');
    expect(String((seen.at(-1)?.init.headers as Record<string, string>)['authorization'])).toContain('Credential=AKIDFROMENV/20260301/us-east-1/sts/');
  });

  it('does not follow redirects unless asked (the signature and token are for this host)', async () => {
    const send = createSignedFetch({ credentials: KEYS, fetch: recording, clock });
    await send('https://sts.us-east-1.amazonaws.com/');
    expect(seen.at(-1)?.init.redirect).toBe('manual');
    await send('https://sts.us-east-1.amazonaws.com/', { redirect: 'follow' });
    expect(seen.at(-1)?.init.redirect).toBe('follow');
  });
});
