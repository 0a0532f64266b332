/**
 * createSigningProxy and `sigv4 proxy` on loopback, against a recording upstream: what is stripped
 * before signing, which hosts it signs for, bodies (in memory, UNSIGNED-PAYLOAD, 413), responses
 * (bytes unchanged, decoded-body headers), keep-alive, binding and stopping.
 */
import { once } from 'node:events';
import { createHash, createHmac } from 'node:crypto';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { cached, signRequest } from '../../src/index.js';
import { encodeChunkedBody } from '../../src/chunked/encode.js';
import { chunkedUploadHeaders } from '../../src/chunked/layout.js';
import { createSigningProxy, createVerifyingProxy, isLoopbackAddress, type ProxyHandler, type SigningProxyOptions } from '../../src/node.js';
import { parseListen } from '../../src/proxy/listen.js';
import { runProxy } from '../../src/cli/commands/proxy.js';
import { BARE_ENV } from '../cli/io.js';
import { startProxy } from './cli.js';
import { type Echo, echoService } from './echo.js';

const CREDENTIALS = { accessKeyId: 'AKIDPROXYTEST', secretAccessKey: 'proxy/secret/EXAMPLEKEY', sessionToken: 'proxy-session-token-EXAMPLE' };
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(handler: ProxyHandler): Promise<string> {
  const server: Server = createServer((req, res) => void handler(req, res));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()), handler.close())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function upstream(answer?: Parameters<typeof echoService>[0]): Promise<Echo> {
  const echo = await echoService(answer);
  cleanups.push(() => echo.close());
  return echo;
}

async function proxyTo(echo: Echo, options: SigningProxyOptions = {}): Promise<string> {
  return serve(createSigningProxy({ upstream: echo.url, service: 'execute-api', region: 'us-east-1', credentials: CREDENTIALS, env: {}, ...options }));
}

/** A raw request (node:http, so any header can be sent) and its whole answer. */
function send(url: string, method: string, headers: Record<string, string>, body?: string | Buffer, agent?: Agent): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, ...(agent ? { agent } : {}) }, async (res) => {
      const chunks: Buffer[] = [];
      for await (const c of res) chunks.push(c as Buffer);
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), reused: req.reusedSocket });
    });
    req.once('error', reject);
    req.end(body);
  });
}

describe('isLoopbackAddress and parseListen', () => {
  it.each([
    ['127.0.0.1', true], ['127.0.0.2', true], ['127.255.255.254', true], ['localhost', true], ['::1', true], ['[::1]', true],
    ['::ffff:127.0.0.1', true], ['0.0.0.0', false], ['::', false], ['[::]', false], ['10.0.0.1', false], ['192.168.1.20', false],
    ['128.0.0.1', false], ['127.0.0.256', false], ['::ffff:10.0.0.1', false], ['example.com', false], ['', false],
  ] as const)('%s -> %s', (host, loopback) => {
    expect(isLoopbackAddress(host)).toBe(loopback);
  });

  it('parses HOST:PORT, [IPV6]:PORT, HOST and PORT, and refuses the rest with INVALID_OPTION', () => {
    expect(parseListen('127.0.0.1:9000')).toEqual({ host: '127.0.0.1', port: 9000 });
    expect(parseListen('[::1]:0')).toEqual({ host: '::1', port: 0 });
    expect(parseListen('localhost')).toEqual({ host: 'localhost', port: 8080 });
    expect(parseListen('9001')).toEqual({ host: '127.0.0.1', port: 9001 });
    for (const bad of ['127.0.0.1:99999', 'host:port', ':80', 'a b:1', '[::1]:x']) expect(() => parseListen(bad), bad).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });
});

describe('what the signing proxy forwards', () => {
  it('drops hop-by-hop, Connection-listed, client signing and --strip headers; keeps API headers; signs with its own credentials', async () => {
    const echo = await upstream();
    const url = await proxyTo(echo, { strip: ['X-Forwarded-For'] });
    const answer = await send(`${url}/prod/items?a=1`, 'POST', {
      connection: 'keep-alive, x-hop',
      'x-hop': 'per-connection',
      'proxy-authorization': 'Basic cHJveHk6cHJveHk=',
      te: 'trailers',
      authorization: 'AWS4-HMAC-SHA256 Credential=AKIDCLIENT/20150830/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=00',
      'x-amz-date': '20150830T123600Z',
      'x-amz-security-token': 'client-token',
      'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      'x-amz-target': 'Service.Operation',
      'x-amz-meta-colour': 'blue',
      'x-forwarded-for': '203.0.113.9',
      'content-type': 'application/json',
    }, '{"k":"v"}');
    expect(answer.status).toBe(200);
    const got = echo.seen.at(-1)!;
    expect(got.url).toBe('/prod/items?a=1');
    expect(got.body).toBe('{"k":"v"}');
    for (const gone of ['x-hop', 'proxy-authorization', 'te', 'x-forwarded-for']) expect(got.headers[gone], gone).toBeUndefined();
    expect(got.headers['x-amz-target']).toBe('Service.Operation');
    expect(got.headers['x-amz-meta-colour']).toBe('blue');
    expect(got.headers['host']).toBe(new URL(echo.url).host);
    expect(got.headers['x-amz-security-token']).toBe(CREDENTIALS.sessionToken);
    expect(got.headers['x-amz-date']).not.toBe('20150830T123600Z');
    // SHA-256 of '{"k":"v"}' (sha256sum), not the client's empty-body hash.
    expect(got.headers['x-amz-content-sha256']).toBe('666c1aa02e8068c6d5cc1d3295009432c16790bec28ec8ce119d0d1a18d61319');
    const auth = String(got.headers['authorization']);
    expect(auth).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDPROXYTEST\/\d{8}\/us-east-1\/execute-api\/aws4_request, SignedHeaders=/);
    expect(auth).toMatch(/SignedHeaders=[^,]*x-amz-meta-colour;x-amz-security-token;x-amz-target/);
    expect(auth).not.toMatch(/x-hop|x-forwarded-for|proxy-authorization/);
  });

  it('signHost: connects to the upstream, sends and signs the other host', async () => {
    const echo = await upstream();
    const url = await proxyTo(echo, { signHost: 'vpce-0abc.execute-api.us-east-1.vpce.amazonaws.com' });
    expect((await send(`${url}/prod`, 'GET', {})).status).toBe(200);
    expect(echo.seen.at(-1)!.headers['host']).toBe('vpce-0abc.execute-api.us-east-1.vpce.amazonaws.com');
    expect(String(echo.seen.at(-1)!.headers['authorization'])).toMatch(/SignedHeaders=host;/);
  });

  it('answers GET /health itself (and a custom health path), never calling the upstream', async () => {
    const echo = await upstream();
    const url = await proxyTo(echo);
    const custom = await proxyTo(echo, { healthPath: '/ping' });
    expect((await send(`${url}/health`, 'GET', {})).body.toString()).toBe('ok\n');
    expect((await send(`${custom}/ping`, 'GET', {})).status).toBe(200);
    expect(echo.seen).toHaveLength(0);
  });

  it('without an upstream, signs only for AWS hosts (and --allow-host ones): another Host is refused before any connection', async () => {
    const url = await serve(createSigningProxy({ credentials: CREDENTIALS, env: {} }));
    const refused = await send(`${url}/`, 'GET', { host: 'attacker.example.com' });
    expect(refused.status).toBe(403);
    expect(refused.body.toString()).toContain('attacker.example.com is not an AWS endpoint');
    expect((await send(`${url}/`, 'GET', { host: 'sts.amazonaws.com.attacker.example' })).status).toBe(403);
  });

  it('without an upstream, forwards to the host named in Host over https, signed for the service and region that host names; --allow-host hosts too', async () => {
    const sent: Array<{ url: string; authorization: string; host: string | null }> = [];
    const fetch = async (url: string | URL, init: RequestInit): Promise<Response> => {
      const headers = new Headers(init.headers);
      sent.push({ url: String(url), authorization: headers.get('authorization') ?? '', host: headers.get('host') });
      return new Response('answered', { status: 200, headers: { 'content-type': 'text/plain' } });
    };
    const url = await serve(createSigningProxy({ credentials: CREDENTIALS, env: {}, fetch, allowHosts: ['.internal.example'], service: undefined }));
    const sts = await send(`${url}/?Action=GetCallerIdentity&Version=2011-06-15`, 'GET', { host: 'sts.eu-west-3.amazonaws.com' });
    expect(sts.status).toBe(200);
    expect(sts.body.toString()).toBe('answered');
    expect(sent[0]!.url).toBe('https://sts.eu-west-3.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15');
    expect(sent[0]!.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDPROXYTEST\/\d{8}\/eu-west-3\/sts\/aws4_request, /);
    // An allowed non-AWS host names no service or region: they must come from the options.
    const refused = await send(`${url}/v1/x`, 'GET', { host: 'api.internal.example' });
    expect(refused.status).toBe(400);
    expect(refused.body.toString()).toContain('INVALID_SERVICE: cannot tell the service from the host api.internal.example');
    expect(sent).toHaveLength(1);
    const named = await serve(createSigningProxy({ credentials: CREDENTIALS, env: {}, fetch, allowHosts: ['.internal.example'], service: 'execute-api', region: 'ca-central-1' }));
    const allowed = await send(`${named}/v1/x?a=1`, 'GET', { host: 'api.internal.example:8443' });
    expect(allowed.status).toBe(200);
    expect(sent[1]!.url).toBe('https://api.internal.example:8443/v1/x?a=1');
    expect(sent[1]!.authorization).toMatch(/\/ca-central-1\/execute-api\/aws4_request, SignedHeaders=[^,]*host/);
    // Exact rules match only that host; a suffix rule not a look-alike.
    expect((await send(`${named}/`, 'GET', { host: 'internal.example.attacker.com' })).status).toBe(403);
    expect(sent).toHaveLength(2);
  });

  it('an S3 body over maxBodyBytes goes out as aws-chunked: each 64 KiB chunk signed in a chain from the seed signature (recomputed here as the S3 docs define it)', async () => {
    const echo = await upstream();
    const url = await proxyTo(echo, { service: 's3', region: 'us-east-1', maxBodyBytes: 1024 });
    const content = 'b'.repeat(150_000);
    const put = await send(`${url}/bucket/key.txt`, 'PUT', { 'content-type': 'text/plain', 'content-length': String(content.length) }, content);
    expect(put.status).toBe(200);
    const { headers, body } = echo.seen[0]!;
    expect(headers['content-encoding']).toBe('aws-chunked');
    expect(headers['x-amz-content-sha256']).toBe('STREAMING-AWS4-HMAC-SHA256-PAYLOAD');
    expect(headers['x-amz-decoded-content-length']).toBe('150000');
    const auth = /^AWS4-HMAC-SHA256 Credential=AKIDPROXYTEST\/(\d{8})\/us-east-1\/s3\/aws4_request, SignedHeaders=\S+, Signature=([0-9a-f]{64})$/.exec(String(headers['authorization']))!;
    expect(auth).not.toBeNull();
    const [, date, seed] = auth;
    const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
    const sha = (data: string) => createHash('sha256').update(data).digest('hex');
    const key = ['us-east-1', 's3', 'aws4_request'].reduce((k, part) => hmac(k, part), hmac(`AWS4${CREDENTIALS.secretAccessKey}`, date!));
    const scope = `${date}/us-east-1/s3/aws4_request`;
    let previous = seed!;
    let at = 0;
    const sizes: number[] = [];
    let decoded = '';
    for (;;) {
      const line = /^([0-9a-f]+);chunk-signature=([0-9a-f]{64})\r\n/.exec(body.slice(at))!;
      expect(line).not.toBeNull();
      const size = parseInt(line[1]!, 16);
      const data = body.slice(at + line[0].length, at + line[0].length + size);
      const expected = hmac(key, ['AWS4-HMAC-SHA256-PAYLOAD', headers['x-amz-date'], scope, previous, sha(''), sha(data)].join('\n')).toString('hex');
      expect(line[2]).toBe(expected);
      previous = expected;
      sizes.push(size);
      decoded += data;
      at += line[0].length + size + 2;
      if (size === 0) break;
    }
    expect(at).toBe(body.length);
    expect(sizes).toEqual([65536, 65536, 18928, 0]);
    expect(decoded).toBe(content);
  });

  it('refreshes temporary credentials while it runs: a request after the expiry window is signed with the new set', async () => {
    const echo = await upstream();
    let now = Date.parse('2026-12-05T10:00:00Z');
    const clock = () => new Date(now);
    let issued = 0;
    const provider = cached(async () => {
      issued++;
      return { accessKeyId: `ASIAROTATING0000000${issued}`, secretAccessKey: `secret-${issued}`, sessionToken: `token-${issued}`, expiration: new Date(now + 15 * 60_000) };
    }, { clock });
    const url = await proxyTo(echo, { credentials: provider, clock });
    const keyOf = (i: number) => /Credential=(\w+)\//.exec(String(echo.seen[i]!.headers['authorization']))![1];
    await send(`${url}/a`, 'GET', {});
    await send(`${url}/b`, 'GET', {});
    expect([keyOf(0), keyOf(1)]).toEqual(['ASIAROTATING00000001', 'ASIAROTATING00000001']);
    now += 14.5 * 60_000; // inside the last minute: the cache must refresh before signing
    await send(`${url}/c`, 'GET', {});
    expect(keyOf(2)).toBe('ASIAROTATING00000002');
    expect(echo.seen[2]!.headers['x-amz-security-token']).toBe('token-2');
    expect(issued).toBe(2);
  });

  it('a body over maxBodyBytes: 413 with the reason for a service that needs the hash; UNSIGNED-PAYLOAD and streamed with unsignedPayload', async () => {
    const echo = await upstream();
    const strict = await proxyTo(echo, { maxBodyBytes: 1024 });
    const big = Buffer.alloc(4096, 'a');
    const refused = await send(`${strict}/upload`, 'PUT', { 'content-type': 'text/plain' }, big);
    expect(refused.status).toBe(413);
    expect(refused.body.toString()).toMatch(/over the limit of 1024 bytes: execute-api needs the body's SHA-256 .* --unsigned-payload/);
    expect(echo.seen).toHaveLength(0);
    // Unknown length (chunked transfer coding): read up to the limit, then refused the same way.
    const chunked = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(`${strict}/upload`, { method: 'PUT', headers: { 'content-type': 'text/plain' } }, async (res) => {
        let text = '';
        for await (const c of res) text += String(c);
        resolve({ status: res.statusCode ?? 0, text });
      });
      req.once('error', reject);
      for (let i = 0; i < 4; i++) req.write(Buffer.alloc(1000, 'b'));
      req.end();
    });
    expect(chunked.status).toBe(413);
    expect(chunked.text).toContain('the request body of unknown length and over the limit of 1024 bytes');
    expect(echo.seen).toHaveLength(0);
    const relaxed = await proxyTo(echo, { maxBodyBytes: 1024, unsignedPayload: true });
    expect((await send(`${relaxed}/upload`, 'PUT', { 'content-type': 'text/plain' }, big)).status).toBe(200);
    expect(echo.seen.at(-1)!.headers['x-amz-content-sha256']).toBe('UNSIGNED-PAYLOAD');
    expect(echo.seen.at(-1)!.headers['content-length']).toBe('4096');
    expect(echo.seen.at(-1)!.body).toBe(big.toString());
  });

  it('streams the answer back unchanged: status, headers, gzip bytes with their content-encoding', async () => {
    const gzipped = gzipSync('compressed answer');
    const echo = await upstream((_req, res) => {
      res.writeHead(201, { 'content-encoding': 'gzip', 'content-type': 'text/plain', 'x-amzn-requestid': 'req-1', 'set-cookie': ['a=1', 'b=2'] });
      res.end(gzipped);
    });
    const answer = await send(`${await proxyTo(echo)}/x`, 'GET', { 'accept-encoding': 'gzip' });
    expect(answer.status).toBe(201);
    expect(answer.headers['content-encoding']).toBe('gzip');
    expect(answer.headers['x-amzn-requestid']).toBe('req-1');
    expect(answer.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(answer.body.equals(gzipped)).toBe(true);
  });

  it('with a decoding fetch (globalThis.fetch), drops content-encoding and content-length of the decoded answer', async () => {
    const echo = await upstream((_req, res) => {
      const body = gzipSync('decoded by fetch');
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': String(body.length) });
      res.end(body);
    });
    const answer = await send(`${await proxyTo(echo, { fetch: (u, i) => globalThis.fetch(u, i) })}/x`, 'GET', {});
    expect(answer.body.toString()).toBe('decoded by fetch');
    expect(answer.headers['content-encoding']).toBeUndefined();
  });

  it('learns the clock skew from a RequestTimeTooSkewed answer (retried once), and keeps it for the next request', async () => {
    const serverNow = Date.parse('2026-06-01T12:00:00Z');
    const amzDate = (ms: number): string => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    const echo = await upstream((req, res, seen) => {
      const sent = String(req.headers['x-amz-date']);
      if (sent !== amzDate(serverNow)) {
        res.writeHead(403, { date: new Date(serverNow).toUTCString(), 'content-type': 'application/xml' });
        return void res.end(`<Error><Code>RequestTimeTooSkewed</Code><Message>The difference between the request time and the current time is too large.</Message><RequestTime>${sent}</RequestTime><ServerTime>${new Date(serverNow).toISOString()}</ServerTime></Error>`);
      }
      res.end(seen.body);
    });
    // The proxy's clock is an hour behind the server's.
    const url = await proxyTo(echo, { clock: () => new Date(serverNow - 3_600_000) });
    const first = await send(`${url}/a`, 'POST', { 'content-type': 'text/plain' }, 'one');
    expect([first.status, first.body.toString()]).toEqual([200, 'one']);
    expect(echo.seen).toHaveLength(2);
    const second = await send(`${url}/b`, 'POST', { 'content-type': 'text/plain' }, 'two');
    expect([second.status, second.body.toString()]).toEqual([200, 'two']);
    expect(echo.seen).toHaveLength(3);
  });

  it('hands a redirect back to the client instead of following it: the signed request (and its token) goes nowhere else', async () => {
    const elsewhere = await upstream();
    const echo = await upstream((_req, res) => {
      res.writeHead(307, { location: `${elsewhere.url}/stolen` });
      res.end();
    });
    const answer = await send(`${await proxyTo(echo)}/start`, 'GET', {});
    expect(answer.status).toBe(307);
    expect(answer.headers['location']).toBe(`${elsewhere.url}/stolen`);
    expect(elsewhere.seen).toHaveLength(0);
  });

  it('keeps client connections alive', async () => {
    const echo = await upstream();
    const url = await proxyTo(echo);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    cleanups.push(() => agent.destroy());
    const first = await send(`${url}/one`, 'GET', {}, undefined, agent);
    const second = await send(`${url}/two`, 'GET', {}, undefined, agent);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.reused).toBe(true);
  });
});

describe('sigv4 proxy: binding and stopping', () => {
  const env = { AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey };

  it('binds a loopback address other than 127.0.0.1 without a warning', async () => {
    const echo = await upstream();
    const proxy = await startProxy(['--listen', '127.0.0.2:0', '--upstream', echo.url, '--service', 'execute-api', '--region', 'us-east-1'], env);
    expect(proxy.url).toMatch(/^http:\/\/127\.0\.0\.2:\d+$/);
    expect((await send(`${proxy.url}/health`, 'GET', {})).status).toBe(200);
    expect(await proxy.stop()).toBe(0);
    expect(proxy.stderr()).not.toContain('warning');
  });

  it('warns when --listen names a non-loopback address (bound here to 127.0.0.2 instead, never exposed)', async () => {
    const echo = await upstream();
    const asked: string[] = [];
    const proxy = await startProxy(['--listen', '0.0.0.0:0', '--upstream', echo.url, '--service', 'execute-api', '--region', 'us-east-1'], env, {
      listen: (server, address) => (asked.push(address.host), new Promise((resolve) => server.listen(0, '127.0.0.2', () => resolve()))),
    });
    expect(asked).toEqual(['0.0.0.0']);
    expect(proxy.stderr()).toContain('warning: listening on 0.0.0.0, not loopback: anyone who can reach this port acts with these AWS credentials');
    expect(await proxy.stop()).toBe(0);
  });

  it('stops cleanly on SIGTERM: a request in flight completes, then the command resolves 0', async () => {
    let release: () => void = () => {};
    const echo = await upstream((_req, res) => {
      release = () => res.end('late answer');
    });
    const before = process.listenerCount('SIGTERM');
    let err = '';
    const exited = runProxy(['--listen', '127.0.0.1:0', '--upstream', echo.url, '--service', 'execute-api', '--region', 'us-east-1'], {
      stdin: '', stdout: { write: () => true }, stderr: { write: (c: string) => (err += c) }, env: { ...BARE_ENV, ...env }, readFile: async () => '',
    });
    await expect.poll(() => /listening on (\S+)/.exec(err)?.[1]).toBeDefined();
    const url = /listening on (\S+)/.exec(err)![1]!;
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    const inFlight = send(`${url}/slow`, 'GET', {});
    await expect.poll(() => echo.seen.length).toBe(1);
    process.emit('SIGTERM');
    release();
    expect((await inFlight).body.toString()).toBe('late answer');
    expect(await exited).toBe(0);
    expect(err).toContain('sigv4 proxy: stopped');
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });
});

describe('createVerifyingProxy', () => {
  it('forwards an aws-chunked S3 upload decoded: the object bytes, its length, no aws-chunked framing headers', async () => {
    const echo = await upstream();
    const keys = new Map([[CREDENTIALS.accessKeyId, { secretAccessKey: CREDENTIALS.secretAccessKey }]]);
    const url = await serve(createVerifyingProxy({ upstream: echo.url, getCredentials: (id) => keys.get(id) }));
    const object = Buffer.alloc(20_000, 'z');
    const headers = { ...chunkedUploadHeaders({ decodedContentLength: object.length, chunkSize: 8192 }), 'content-type': 'application/octet-stream' };
    const creds = { accessKeyId: CREDENTIALS.accessKeyId, secretAccessKey: CREDENTIALS.secretAccessKey };
    const seed = signRequest({ method: 'PUT', url: `${url}/bucket/key.bin`, headers }, { credentials: creds, region: 'us-east-1', service: 's3' });
    const frames: Uint8Array[] = [];
    for await (const frame of encodeChunkedBody([new Uint8Array(object)], seed, { credentials: creds, chunkSize: 8192 })) frames.push(frame);
    const answer = await send(seed.url, 'PUT', seed.headers, Buffer.concat(frames));
    expect(answer.status, answer.body.toString()).toBe(200);
    const got = echo.seen.at(-1)!;
    expect(got.body).toBe(object.toString());
    expect(got.headers['content-length']).toBe(String(object.length));
    expect(got.headers['content-encoding']).toBeUndefined();
    expect(got.headers['x-amz-decoded-content-length']).toBeUndefined();
    expect(got.headers['x-amz-verified-access-key']).toBe(CREDENTIALS.accessKeyId);
  });
});
