/**
 * A loopback HTTP server for the fetch wrapper's tests: records each request exactly as it arrived
 * (method, raw target, raw header pairs, body bytes) and answers through a programmable handler.
 * `checkWithBotocore` hands the recorded bytes to test/peers/check_capture.py, so botocore (not
 * our own code) says whether the signature matches what went over the wire.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { peerScript } from '../support/peers.js';

export interface Recorded {
  readonly method: string;
  readonly target: string;
  readonly headers: Array<[string, string]>;
  readonly body: Uint8Array;
  header(name: string): string | undefined;
}

export type Handler = (req: Recorded, res: ServerResponse, index: number) => void;

export interface Loopback {
  readonly url: string;
  readonly log: Recorded[];
  close(): Promise<void>;
}

const ok: Handler = (_req, res) => res.end('{}');

async function record(req: IncomingMessage): Promise<Recorded> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers: Array<[string, string]> = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
  return {
    method: req.method ?? '',
    target: req.url ?? '',
    headers,
    body: new Uint8Array(Buffer.concat(chunks)),
    header: (name) => headers.find(([n]) => n.toLowerCase() === name)?.[1],
  };
}

/** Starts the server on 127.0.0.1, port 0. */
export async function startLoopback(handler: Handler = ok): Promise<Loopback> {
  const log: Recorded[] = [];
  const server = createServer((req, res) => {
    void record(req).then((recorded) => {
      log.push(recorded);
      handler(recorded, res, log.length - 1);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    close: () => new Promise((done) => {
      server.closeAllConnections();
      server.close(() => done());
    }),
  };
}

/** The request as raw HTTP/1.1 bytes (what check_capture.py reads). */
export function rawBytes(r: Recorded): Uint8Array {
  const head = `${r.method} ${r.target} HTTP/1.1\r\n${r.headers.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`;
  return new Uint8Array(Buffer.concat([Buffer.from(head, 'latin1'), r.body]));
}

/** botocore's verdict on each recorded request: its canonical request and whether its signature equals ours. */
export async function checkWithBotocore(requests: readonly Recorded[], secret: string, token?: string): Promise<Array<{ match: boolean; output: string }>> {
  const dir = mkdtempSync(join(tmpdir(), 'sigv4kit-capture-'));
  try {
    const results = [];
    for (const [i, r] of requests.entries()) {
      const file = join(dir, `${i}.http`);
      writeFileSync(file, rawBytes(r));
      const args = [peerScript('check_capture.py'), '--secret', secret, ...(token ? ['--token', token] : []), file];
      const { code, output } = await new Promise<{ code: number; output: string }>((done) =>
        execFile('python3', args, { timeout: 60_000 }, (error, stdout, stderr) =>
          done({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` })),
      );
      results.push({ match: code === 0, output });
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
