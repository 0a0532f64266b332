/** withSigV4 on a real loopback server: what the handler gets, and the AWS-shaped answers to refusals. */
import { createServer, type RequestListener, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { signRequest } from '../../src/index.js';
import { chunkedUploadHeaders, encodeChunkedBody } from '../../src/chunked.js';
import { type SigV4HttpOptions, type VerifiedRequest, withSigV4 } from '../../src/node.js';

const creds = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const temp = { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'TOKEN/+=value' };
const keys = new Map([[creds.accessKeyId, creds], [temp.accessKeyId, temp]]);
const base: SigV4HttpOptions = { getCredentials: (id) => keys.get(id) };

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

async function listen(listener: RequestListener): Promise<string> {
  server = createServer(listener);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A server whose handler reports what it was given. */
async function start(options: SigV4HttpOptions = base): Promise<{ host: string; seen: VerifiedRequest[] }> {
  const seen: VerifiedRequest[] = [];
  const host = await listen(withSigV4(options, (_req, res, verified) => {
    seen.push(verified);
    res.end('ok');
  }));
  return { host, seen };
}

function send(host: string, init: { method?: string; path?: string; headers?: Array<[string, string]>; body?: string; credentials?: typeof creds } = {}) {
  const signed = signRequest(
    { method: init.method ?? 'POST', url: `http://${host}${init.path ?? '/v1/items?a=1'}`, headers: init.headers ?? [], body: init.body },
    { credentials: init.credentials ?? creds, region: 'us-east-1', service: 'execute-api' },
  );
  return { signed, response: () => fetch(signed.url, { method: signed.method, headers: signed.headers, body: init.body ?? null }) };
}

describe('withSigV4', () => {
  it('calls the handler with the verified identity and the body it read', async () => {
    const { host, seen } = await start();
    const { response } = send(host, { body: '{"x":1}', headers: [['content-type', 'application/json']], credentials: temp });
    expect((await response()).status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.identity).toMatchObject({ valid: true, accessKeyId: 'ASIAEXAMPLE', service: 'execute-api', sessionToken: temp.sessionToken, payload: 'verified' });
    expect(Buffer.from(seen[0]!.body).toString()).toBe('{"x":1}');
  });

  it('an aws-chunked upload: the handler gets the decoded object; a changed chunk is 403, a wrong checksum 400 BadDigest', async () => {
    const { host, seen } = await start();
    const object = new Uint8Array(20_000).map((_, i) => (i * 7) & 0xff);
    const upload = async (checksum: 'CRC32' | undefined, tamper: (wire: Uint8Array) => void): Promise<Response> => {
      const headers = chunkedUploadHeaders({ decodedContentLength: object.length, chunkSize: 8192, payload: checksum ? 'unsigned' : 'signed', checksum });
      const seed = signRequest({ method: 'PUT', url: `http://${host}/bucket/key`, headers }, { credentials: creds, region: 'us-east-1', service: 's3' });
      const parts: Uint8Array[] = [];
      for await (const part of encodeChunkedBody([object], seed, { credentials: creds, chunkSize: 8192 })) parts.push(part.slice());
      const wire = new Uint8Array(Buffer.concat(parts));
      tamper(wire);
      return fetch(seed.url, { method: 'PUT', headers: seed.headers, body: wire });
    };
    expect((await upload(undefined, () => {})).status).toBe(200);
    expect(seen[0]!.identity).toMatchObject({ payload: 'verified', payloadHash: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' });
    expect(Buffer.from(seen[0]!.body).equals(Buffer.from(object))).toBe(true);
    const changed = await upload(undefined, (wire) => void (wire[9000]! ^= 1));
    expect(changed.status).toBe(403);
    expect(await changed.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    const badDigest = await upload('CRC32', (wire) => void (wire[9000]! ^= 1));
    expect(badDigest.status).toBe(400);
    expect(await badDigest.text()).toContain('<Code>BadDigest</Code>');
    expect(seen).toHaveLength(1);
  });

  it('answers 403 with S3-style XML by default, canonical request included', async () => {
    const { host, seen } = await start();
    const { signed } = send(host);
    const response = await fetch(signed.url, { method: 'PUT', headers: signed.headers });
    const text = await response.text();
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('SignatureDoesNotMatch');
    expect(response.headers.get('content-type')).toBe('application/xml');
    expect(text).toMatch(/^<\?xml[^>]*>\n<Error><Code>SignatureDoesNotMatch<\/Code><Message>The request signature we calculated/);
    expect(text).toContain('<AWSAccessKeyId>AKIDEXAMPLE</AWSAccessKeyId>');
    expect(text).toContain('<CanonicalRequest>PUT\n/v1/items\na=1\n');
    expect(text).toContain(`<StringToSign>AWS4-HMAC-SHA256\n${signed.headers['x-amz-date']}\n`);
    expect(seen).toHaveLength(0);
  });

  it('answers JSON in the JSON services\' layout, and redacts the token in the canonical request', async () => {
    const { host } = await start({ ...base, errorFormat: 'json' });
    const { signed } = send(host, { credentials: temp });
    const response = await fetch(signed.url, { method: 'PUT', headers: signed.headers });
    const body = (await response.json()) as { __type: string; message: string };
    expect(response.status).toBe(403);
    expect(body.__type).toBe('SignatureDoesNotMatch');
    expect(body.message).toContain("\n\nThe Canonical String for this request should have been\n'PUT\n/v1/items\n");
    expect(body.message).toContain("\n\nThe String-to-Sign should have been\n'AWS4-HMAC-SHA256\n");
    expect(body.message).toContain('x-amz-security-token:[redacted]\n');
    expect(body.message).not.toContain(temp.sessionToken);
  });

  it('leaves the canonical request out when asked to', async () => {
    const { host } = await start({ ...base, includeCanonicalRequest: false });
    const { signed } = send(host);
    const text = await (await fetch(signed.url, { method: 'PUT', headers: signed.headers })).text();
    expect(text).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect(text).not.toContain('CanonicalRequest');
  });

  it('refuses an unsigned request with MissingAuthenticationToken', async () => {
    const { host } = await start();
    const response = await fetch(`http://${host}/`);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<Code>MissingAuthenticationToken</Code>');
  });

  it('answers 413 for a body over maxBodyBytes, declared or streamed', async () => {
    const { host, seen } = await start({ ...base, maxBodyBytes: 8 });
    const declared = await send(host, { body: 'x'.repeat(9) }).response();
    expect(declared.status).toBe(413);
    expect(declared.headers.get('x-amzn-errortype')).toBe('EntityTooLarge');
    const { signed } = send(host, { body: 'x'.repeat(9) });
    const { 'content-length': _, ...headers } = signed.headers;
    const streamed = await fetch(signed.url, {
      method: 'POST', headers, duplex: 'half',
      body: new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('x'.repeat(9))); c.close(); } }),
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(seen).toHaveLength(0);
  });

  it('answers 500 and reports the error when getCredentials or the handler fails', async () => {
    const errors: unknown[] = [];
    const failure = new Error('store down');
    const { host } = await start({ ...base, getCredentials: () => Promise.reject(failure), onError: (e) => errors.push(e) });
    const response = await send(host).response();
    expect(response.status).toBe(500);
    expect(await response.text()).toContain('<Code>InternalFailure</Code>');
    expect(errors).toEqual([failure]);

    const thrown = new Error('handler bug');
    const host2 = await listen(withSigV4({ ...base, onError: (e) => errors.push(e) }, () => { throw thrown; }));
    expect((await send(host2).response()).status).toBe(500);
    expect(errors).toEqual([failure, thrown]);
  });

  it('keeps repeated headers apart (rawHeaders), as the client signed them: "a,b" not "a, b"', async () => {
    const { host, seen } = await start();
    const { signed } = send(host, { method: 'GET', path: '/', headers: [['x-dup', 'a'], ['x-dup', 'b']] });
    expect(signed.canonicalRequest).toContain('\nx-dup:a,b\n');
    const lines = [`GET ${new URL(signed.url).pathname} HTTP/1.1`, 'x-dup: a', 'x-dup: b'];
    for (const [name, value] of Object.entries(signed.headers)) if (name !== 'x-dup') lines.push(`${name}: ${value}`);
    const status = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(host.split(':')[1]), '127.0.0.1', () => socket.end(`${lines.join('\r\n')}\r\nconnection: close\r\n\r\n`));
      let data = '';
      socket.on('data', (d) => (data += String(d)));
      socket.on('end', () => resolve(data.split('\r\n')[0] ?? ''));
      socket.on('error', reject);
    });
    expect(status).toBe('HTTP/1.1 200 OK');
    expect(seen[0]?.identity.signedHeaders).toContain('x-dup');
  });
});

describe('withSigV4 over HTTP/2 (node:http2 compatibility API)', () => {
  it('reads :authority as the host and verifies', async () => {
    const { createServer: createH2, connect: connectH2 } = await import('node:http2');
    const seen: VerifiedRequest[] = [];
    const handler = withSigV4(base, (_req, res, verified) => {
      seen.push(verified);
      res.end('ok');
    });
    const h2 = createH2((req, res) => void handler(req as never, res as never));
    await new Promise<void>((resolve) => h2.listen(0, '127.0.0.1', resolve));
    const host = `127.0.0.1:${(h2.address() as AddressInfo).port}`;
    const client = connectH2(`http://${host}`);
    try {
      const status = async (tamper: boolean): Promise<number> => {
        const s = signRequest({ method: 'GET', url: `http://${host}/v1/items` }, { credentials: creds, region: 'us-east-1', service: 'execute-api' });
        const { host: _, ...headers } = s.headers;
        const stream = client.request({ ':method': 'GET', ':path': tamper ? '/v1/other' : '/v1/items', ':authority': host, ...headers });
        stream.end();
        return new Promise((resolve) => stream.on('response', (h) => { stream.resume(); resolve(Number(h[':status'])); }));
      };
      expect(await status(false)).toBe(200);
      expect(await status(true)).toBe(403);
      expect(seen).toHaveLength(1);
    } finally {
      client.close();
      await new Promise((resolve) => h2.close(resolve));
    }
  });
});
