/**
 * createSignedFetch when no answer comes (issue 20, item 10): fetch's bare `TypeError: fetch failed`
 * becomes a NetworkError naming the host and the cause. The cases run for real on loopback: a closed
 * port (refused), a server that accepts and never answers with a short `AbortSignal.timeout` (timeout),
 * https spoken to a plain http port (TLS), and a server that closes the connection on the request
 * (reset). DNS is fetch's own error as recorded, injected: a real lookup would leave the machine.
 */
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignedFetch, NetworkError, SigV4Error } from '../../src/index.js';
import { captureRejection } from '../support/errors.js';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const aws = createSignedFetch({ credentials, region: 'us-east-1', service: 'mediaconnect', retry: false, env: {} });

const servers: Server[] = [];
const sockets: Socket[] = [];
async function listen(server: Server): Promise<number> {
  servers.push(server);
  server.on('connection', (s) => sockets.push(s));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return (server.address() as AddressInfo).port;
}
let closedPort: number;
let silentPort: number;
let httpPort: number;
let resetPort: number;

beforeAll(async () => {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((done) => probe.close(() => done()));
  silentPort = await listen(createServer((s) => s.on('data', () => {})));
  httpPort = await listen(createHttpServer((_req, res) => res.end('plain http')));
  resetPort = await listen(createServer((s) => s.on('data', () => s.destroy())));
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await Promise.all(servers.map((s) => new Promise((done) => s.close(done))));
});

describe('a request that gets no answer', () => {
  it.each([
    ['refused (closed port)', (): string => `http://127.0.0.1:${closedPort}/v1/flows`, 'refused', /^connection refused by 127\.0\.0\.1:\d+ \(ECONNREFUSED\)$/],
    ['TLS (https to an http port)', (): string => `https://127.0.0.1:${httpPort}/v1/flows`, 'tls', /^TLS failed with 127\.0\.0\.1:\d+ \(ERR_SSL_[A-Z_]+\)$/],
    ['reset (closed on the request)', (): string => `http://127.0.0.1:${resetPort}/v1/flows`, 'reset', /^connection closed without an answer by 127\.0\.0\.1:\d+ \(UND_ERR_SOCKET\)$/],
  ] as const)('%s: NetworkError with the host, the reason and fetch\'s error as cause', async (_what, url, reason, message) => {
    const error = await captureRejection(() => aws(url()));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toBeInstanceOf(SigV4Error);
    const e = error as NetworkError;
    expect({ code: e.code, reason: e.reason, host: e.host }).toEqual({ code: 'NETWORK_ERROR', reason, host: new URL(url()).host });
    expect(e.message).toMatch(message);
    expect((e.cause as Error).message).toBe('fetch failed');
  });

  it('DNS: a name that does not resolve (the error as Node 20 fetch gives it, so no lookup leaves this machine)', async () => {
    // Recorded from `fetch('http://no-such-host.invalid/')` on Node 20.20: undici's TypeError with the
    // getaddrinfo error as cause. Injected, because a real lookup would ask the system's resolver.
    const failing = async (): Promise<Response> => {
      const cause = Object.assign(new Error('getaddrinfo ENOTFOUND no-such-host.invalid'), { errno: -3008, code: 'ENOTFOUND', syscall: 'getaddrinfo', hostname: 'no-such-host.invalid' });
      throw new TypeError('fetch failed', { cause });
    };
    const dns = createSignedFetch({ credentials, region: 'us-east-1', service: 'mediaconnect', retry: false, env: {}, fetch: failing });
    const error = await captureRejection(() => dns('http://no-such-host.invalid/v1/flows'));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', reason: 'dns', host: 'no-such-host.invalid', message: 'cannot resolve the host name of no-such-host.invalid (ENOTFOUND)' });
    expect(((error as NetworkError).cause as Error).message).toBe('fetch failed');
  });

  it('timeout: a server that never answers, with AbortSignal.timeout', async () => {
    const url = `http://127.0.0.1:${silentPort}/v1/flows`;
    const error = await captureRejection(() => aws(url, { signal: AbortSignal.timeout(300) }));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', reason: 'timeout', host: `127.0.0.1:${silentPort}`, message: `no answer before the timeout from 127.0.0.1:${silentPort}` });
  });

  it("a caller's own abort stays its AbortError", async () => {
    const controller = new AbortController();
    const pending = aws(`http://127.0.0.1:${silentPort}/v1/flows`, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = await captureRejection(() => pending);
    expect(error).not.toBeInstanceOf(NetworkError);
    expect((error as Error).name).toBe('AbortError');
  });

  it('is thrown after the retries when retries are on (GET), with the same reason', async () => {
    let sleeps = 0;
    const retrying = createSignedFetch({ credentials, region: 'us-east-1', service: 'mediaconnect', env: {}, retry: { maxAttempts: 3, sleep: async () => void sleeps++ } });
    const error = await captureRejection(() => retrying(`http://127.0.0.1:${closedPort}/v1/flows`));
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', reason: 'refused' });
    expect(sleeps).toBe(2);
  });
});
