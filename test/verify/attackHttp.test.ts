/**
 * The attack suite of issue 15, part two: withSigV4 on a real server on 127.0.0.1, attacked by raw
 * sockets. Seeded (the hostile inputs are fixed); no timing assertions: "answered at once" is counted
 * in bytes the client had sent when the answer came, and latency checks only that an ordinary
 * request completes while the slow-path inputs are in flight.
 */
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { signRequest } from '../../src/index.js';
import { type SigV4HttpOptions, withSigV4 } from '../../src/node.js';
import { requirePeers, runPeer } from '../support/peers.js';
import { seeded } from '../support/random.js';

const creds = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const base: SigV4HttpOptions = { getCredentials: (id) => (id === creds.accessKeyId ? creds : undefined) };
const MiB = 1024 * 1024;

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** A server whose handler counts its calls and answers 200 with the body length. */
async function start(options: SigV4HttpOptions = base): Promise<{ port: number; host: string; calls: { n: number } }> {
  const calls = { n: 0 };
  server = createServer(withSigV4(options, (_req, res, { body }) => {
    calls.n++;
    res.end(`ok ${body.length}`);
  }));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { port, host: `127.0.0.1:${port}`, calls };
}

interface RawAnswer {
  readonly status: number;
  readonly text: string;
  /** Body bytes the client had written when the first byte of the answer arrived. */
  readonly sentBeforeAnswer: number;
  readonly error?: string;
}

/**
 * Sends `head` (request line and headers, without the blank line), then `bodyBytes` of body as fast
 * as the socket takes them (or one byte per `trickleMs`), and stops sending once the answer starts.
 */
function raw(port: number, head: string, bodyBytes: number, trickleMs?: number): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    let sentBeforeAnswer = -1;
    let text = '';
    let timer: NodeJS.Timeout | undefined;
    const pump = (): void => {
      while (sentBeforeAnswer < 0 && sent < bodyBytes) {
        const n = Math.min(chunk.length, bodyBytes - sent);
        sent += n;
        if (!socket.write(chunk.subarray(0, n))) {
          socket.once('drain', pump);
          return;
        }
      }
    };
    socket.on('connect', () => {
      socket.write(`${head}\r\n\r\n`);
      if (trickleMs === undefined) pump();
      else timer = setInterval(() => {
        if (sentBeforeAnswer < 0 && sent < bodyBytes) {
          sent++;
          socket.write('a');
        }
      }, trickleMs);
    });
    socket.on('data', (data) => {
      if (sentBeforeAnswer < 0) sentBeforeAnswer = sent;
      text += data.toString('latin1');
      // The whole answer is in once its body (Content-Length) is: stop sending, as a client would.
      const end = text.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length: (\d+)/i.exec(text)?.[1];
      if (end >= 0 && length !== undefined && text.length >= end + 4 + Number(length)) socket.end();
    });
    let error: string | undefined;
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
    socket.on('close', () => {
      clearInterval(timer);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({ status, text, sentBeforeAnswer, ...(error === undefined ? {} : { error }) });
    });
  });
}

/** A request head signed for `host`, with `extra` headers after the signed ones. */
function signedHead(host: string, init: { method?: string; target?: string; headers?: Array<[string, string]>; extra?: string[]; service?: string } = {}): string {
  const s = signRequest(
    { method: init.method ?? 'PUT', url: `http://${host}${init.target ?? '/upload'}`, headers: init.headers ?? [] },
    { credentials: creds, region: 'us-east-1', service: init.service ?? 'execute-api' },
  );
  const lines = Object.entries(s.headers).map(([n, v]) => `${n}: ${v}`);
  return [`${s.method} ${init.target ?? '/upload'} HTTP/1.1`, ...lines, ...(init.extra ?? [])].join('\r\n');
}

describe('finding 3: authenticate before reading the body', () => {
  it('64 unauthenticated 10 MiB uploads in parallel: each 403 before its body is read, and memory stays bounded', async () => {
    const { port, calls } = await start();
    const rnd = seeded(1531);
    const before = process.memoryUsage();
    let peak = 0;
    const sample = setInterval(() => {
      const m = process.memoryUsage();
      peak = Math.max(peak, m.heapUsed + m.arrayBuffers - before.heapUsed - before.arrayBuffers);
    }, 10);
    const garbage = (): string => rnd.pick([
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=' + '0'.repeat(64),
      `AWS4-HMAC-SHA256 Credential=NOSUCHKEY/${new Date().toISOString().slice(0, 10).replace(/-/g, '')}/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=${'1'.repeat(64)}`,
      'Bearer nothing',
      'AWS4-HMAC-SHA256' + ' '.repeat(rnd.int(1, 4000)) + 'x',
    ]);
    const answers = await Promise.all(Array.from({ length: 64 }, () =>
      raw(port, `PUT /upload HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: ${garbage()}\r\nContent-Length: ${10 * MiB}`, 10 * MiB)));
    clearInterval(sample);
    for (const a of answers) {
      expect(a.status, a.text.slice(0, 200)).toBe(403);
      expect(a.text).toMatch(/\r\nconnection: close\r\n/i);
      // The answer came while the client was still far from done: the server did not wait for the body.
      expect(a.sentBeforeAnswer).toBeLessThan(10 * MiB);
    }
    expect(calls.n).toBe(0);
    // Reading the 64 bodies into memory before answering would hold up to 640 MiB at once.
    expect(peak).toBeLessThan(160 * MiB);
  });

  it('a trickling client with bad authentication is answered after its headers, not after its body', async () => {
    const { port } = await start();
    const head = `POST /x HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: AWS4-HMAC-SHA256 Credential=x\r\nContent-Length: 100000`;
    const answer = await raw(port, head, 100_000, 50);
    expect(answer.status).toBe(403);
    // One byte per 50 ms: 100,000 bytes would take 83 minutes. The answer must come before the 20th.
    expect(answer.sentBeforeAnswer).toBeLessThan(20);
  });

  it('a declared payload hash: a wrong signature is refused before the body; a valid key with an undeclared hash is read, then checked', async () => {
    const { port, host, calls } = await start();
    // x-amz-content-sha256 is declared: the signature itself is checked from the headers.
    const declared = signedHead(host, { headers: [['x-amz-content-sha256', 'a'.repeat(64)]] }).replace(/Signature=[0-9a-f]{64}/, `Signature=${'0'.repeat(64)}`);
    const bad = await raw(port, `${declared}\r\nContent-Length: ${4 * MiB}`, 4 * MiB);
    expect(bad.status).toBe(403);
    expect(bad.text).toContain('SignatureDoesNotMatch');
    expect(bad.sentBeforeAnswer).toBeLessThan(4 * MiB);
    // A correct signature over a declared hash that the body then does not match: read, then refused.
    const body = 'hello';
    const wrongBody = signedHead(host, { headers: [['x-amz-content-sha256', 'a'.repeat(64)]] });
    const mismatch = await raw(port, `${wrongBody}\r\nContent-Length: ${body.length}`, body.length);
    expect(mismatch.status).toBe(403);
    expect(mismatch.text).toContain('SignatureDoesNotMatch');
    expect(calls.n).toBe(0);
  });

  it('a 413 (declared oversize) or 403 answered before the body reaches a client that writes its whole body first (Python http.client), not BrokenPipe', async () => {
    if (!requirePeers(['python-botocore'], 'withSigV4 early answers to Python http.client')) return;
    const { port, host } = await start({ ...base, maxBodyBytes: MiB });
    const s = signRequest({ method: 'PUT', url: `http://${host}/big`, headers: [['x-amz-content-sha256', 'UNSIGNED-PAYLOAD']] }, { credentials: creds, region: 'us-east-1', service: 'execute-api' });
    const script = fileURLToPath(new URL('../peers/put_large.py', import.meta.url));
    const oversize = await runPeer('python3', [script, String(port), '/big', String(24 * MiB), JSON.stringify(s.headers), '3'], {});
    expect(oversize.stdout.trim().split('\n'), oversize.stderr).toEqual(['413', '413', '413']);
    const unauthenticated = await runPeer('python3', [script, String(port), '/big', String(MiB / 2), JSON.stringify({ authorization: 'AWS4-HMAC-SHA256 x' }), '3'], {});
    expect(unauthenticated.stdout.trim().split('\n'), unauthenticated.stderr).toEqual(['403', '403', '403']);
  });

  it('a signed upload (payload hash undeclared, or UNSIGNED-PAYLOAD) still reaches the handler with its body', async () => {
    const { host, calls } = await start();
    const body = 'x'.repeat(100_000);
    for (const headers of [[], [['x-amz-content-sha256', 'UNSIGNED-PAYLOAD']]] as Array<Array<[string, string]>>) {
      const s = signRequest({ method: 'PUT', url: `http://${host}/up`, headers, body }, { credentials: creds, region: 'us-east-1', service: 'execute-api' });
      const res = await fetch(s.url, { method: 'PUT', headers: s.headers, body });
      expect(await res.text()).toBe('ok 100000');
    }
    expect(calls.n).toBe(2);
  });
});

describe('item 7: onError', () => {
  it('is called when an authenticated client disconnects while its body is read (as documented)', async () => {
    const errors: unknown[] = [];
    const called = new Promise<void>((resolve) => {
      void start({ ...base, onError: (error) => (errors.push(error), resolve()) }).then(async ({ port, host }) => {
        const head = signedHead(host, { target: '/slow' });
        const socket = connect(port, '127.0.0.1', () => {
          socket.write(`${head}\r\nContent-Length: 100000\r\n\r\n${'a'.repeat(1000)}`);
          setTimeout(() => socket.destroy(), 200);
        });
        socket.on('error', () => undefined);
      });
    });
    await called;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(Error);
  });
});

describe('finding 1 over HTTP: slow-path inputs in flight', () => {
  it('20 blank-filled Authorization headers and 20 requests with 1,500 repeated headers are refused while an ordinary request completes', async () => {
    const { port, host } = await start();
    const spaces = `PUT /x HTTP/1.1\r\nHost: ${host}\r\nAuthorization: AWS4-HMAC-SHA256${' '.repeat(16_000)}x\r\nContent-Length: 0`;
    const repeats = `PUT /x HTTP/1.1\r\nHost: ${host}\r\n${'x-rep: v\r\n'.repeat(1500)}Authorization: AWS4-HMAC-SHA256 Credential=x\r\nContent-Length: 0`;
    const hostile = [...Array.from({ length: 20 }, () => raw(port, spaces, 0)), ...Array.from({ length: 20 }, () => raw(port, repeats, 0))];
    const s = signRequest({ method: 'GET', url: `http://${host}/ordinary` }, { credentials: creds, region: 'us-east-1', service: 'execute-api' });
    const ordinary = fetch(s.url, { headers: s.headers }).then(async (r) => `${r.status} ${await r.text()}`);
    expect(await ordinary).toBe('200 ok 0');
    for (const a of await Promise.all(hostile)) {
      expect(a.status).toBe(400);
      expect(a.text).toContain('RequestHeaderSectionTooLarge');
    }
  });
});

describe('finding 4 over HTTP: the absolute-form host', () => {
  it('GET http://evil.example.com/x with a signed Host of this server is refused and the handler never runs', async () => {
    const { port, host, calls } = await start();
    const head = signedHead(host, { method: 'GET', target: '/x' }).replace('GET /x HTTP/1.1', 'GET http://evil.example.com/x HTTP/1.1');
    const answer = await raw(port, `${head}\r\nConnection: close`, 0);
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('InvalidRequest');
    expect(calls.n).toBe(0);
    // The same request in origin form is accepted: the refusal is about the host, not the signature.
    const ok = await raw(port, `${signedHead(host, { method: 'GET', target: '/x' })}\r\nConnection: close`, 0);
    expect(ok.status).toBe(200);
  });

  it('hosts: a correctly signed request for a host the server does not list is refused', async () => {
    const { host, calls } = await start({ ...base, hosts: ['api.example.com'] });
    const s = signRequest({ method: 'GET', url: `http://${host}/x` }, { credentials: creds, region: 'us-east-1', service: 'execute-api' });
    const res = await fetch(s.url, { headers: s.headers });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('InvalidRequest');
    expect(calls.n).toBe(0);
  });
});
