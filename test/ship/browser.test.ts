/**
 * A real browser: headless Debian Chromium (driven by playwright-core) loads a page served on 127.0.0.1
 * that holds a browser bundle of the library and AWS's SigV4 vectors. The page signs every vector, in the
 * page and in a web worker, then makes signed `fetch` calls to this process, which checks them with
 * verifyRequest. Any mismatch fails.
 * Chromium missing: one SKIPPED line, or a failure under CI=true (.ci/run installs it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyRequest } from '../../src/index.js';
import { CHROMIUM_BIN, requirePeers } from '../support/peers.js';
import { runnerScript } from './support/bundle.js';
import type { ProbeOutcome } from './support/probes.js';
import type { RunResult } from './support/runner.js';
import { mismatches, vectorCases } from './support/vectorCheck.js';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'FQoGZXIvYXdzEXAMPLESESSIONTOKEN' };

const available = requirePeers(['chromium'], 'the real-browser test (Chromium)');

/**
 * The page: the bundle (/page.js), the vectors as JSON, and a script that signs them in the page and in
 * a dedicated worker (/worker.js, the same bundle), makes the probes, and records the outcome.
 */
function page(casesJson: string): string {
  const inline = (text: string): string => text.replace(/<\/script/gi, '<\\/script');
  return `<!doctype html><meta charset="utf-8"><title>sigv4-kit in Chromium</title>
<script src="/page.js"></script>
<script type="application/json" id="cases">${inline(casesJson)}</script>
<script>
(async () => {
  const cases = JSON.parse(document.getElementById('cases').textContent);
  const results = sigv4kitRunner.runCases(cases);
  const worker = new Worker('/worker.js');
  const workerResults = await new Promise((resolve, reject) => {
    worker.onmessage = (event) => resolve(event.data);
    worker.onerror = (event) => reject(new Error(event.message));
    worker.postMessage(cases);
  });
  const probes = await sigv4kitRunner.runProbes(location.origin, ${JSON.stringify(CREDENTIALS)});
  window.__outcome = { results, workerResults, probes, hasProcess: typeof process !== 'undefined', hasBuffer: typeof Buffer !== 'undefined' };
})().catch((error) => { window.__outcome = { error: String((error && error.stack) || error) }; });
</script>`;
}

async function readBody(req: IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

/** Verifies whatever the page sends; answers 200 or 403 with the verifier's result as JSON. */
async function verifyEndpoint(req: IncomingMessage, res: ServerResponse, seen: string[]): Promise<void> {
  const headers: Array<[string, string]> = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i] ?? '', req.rawHeaders[i + 1] ?? '']);
  const result = await verifyRequest(
    { method: req.method ?? 'GET', url: req.url ?? '/', headers, body: await readBody(req) },
    {
      getCredentials: (id) => (id === CREDENTIALS.accessKeyId ? CREDENTIALS : undefined),
      regions: ['us-east-1'],
      services: ['service'],
    },
  );
  seen.push(`${req.method} ${req.url} -> ${result.valid ? 'valid' : result.code}`);
  res.writeHead(result.valid ? 200 : 403, { 'content-type': 'application/json' });
  res.end(JSON.stringify(result.valid ? { valid: true, payload: result.payload, presigned: result.presigned } : { valid: false, code: result.code }));
}

describe.skipIf(!available)('Chromium (playwright-core, /usr/bin/chromium)', () => {
  let server: Server;
  let context: BrowserContext;
  let userDataDir: string;
  let origin: string;
  const seen: string[] = [];
  const cases = available ? vectorCases() : [];

  beforeAll(async () => {
    const bundle = await runnerScript('browser', 'page');
    const files: Record<string, [string, string]> = {
      '/': ['text/html; charset=utf-8', page(JSON.stringify(cases.map((c) => c.wire)))],
      '/page.js': ['text/javascript', bundle],
      '/worker.js': ['text/javascript', `${bundle}\nonmessage = (event) => postMessage(sigv4kitRunner.runCases(event.data));\n`],
    };
    server = createServer((req, res) => {
      const file = req.method === 'GET' ? files[req.url ?? ''] : undefined;
      if (file) {
        res.writeHead(200, { 'content-type': file[0] });
        res.end(file[1]);
        return;
      }
      if (req.url === '/favicon.ico') {
        res.writeHead(404);
        res.end();
        return;
      }
      verifyEndpoint(req, res, seen).catch((error: unknown) => {
        res.writeHead(500);
        res.end(String(error));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    userDataDir = mkdtempSync(join(tmpdir(), 'sigv4-kit-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM_BIN, headless: true, args: FLAGS });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  it('signs every SigV4 vector in the page and in a worker, and makes verified signed fetches', async () => {
    const tab = await context.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (error) => errors.push(String(error)));
    await tab.goto(`${origin}/`);
    await tab.waitForFunction(() => (globalThis as { __outcome?: unknown }).__outcome !== undefined, undefined, { timeout: 60_000 });
    const outcome = (await tab.evaluate(() => (globalThis as { __outcome?: unknown }).__outcome)) as {
      error?: string;
      results: RunResult[];
      workerResults: RunResult[];
      probes: ProbeOutcome[];
      hasProcess: boolean;
      hasBuffer: boolean;
    };
    expect(errors).toEqual([]);
    expect(outcome.error).toBeUndefined();
    expect([outcome.hasProcess, outcome.hasBuffer]).toEqual([false, false]);

    expect(outcome.results).toHaveLength(cases.length);
    expect(cases.length).toBeGreaterThan(100);
    expect(mismatches(cases, outcome.results)).toEqual([]);
    expect(outcome.workerResults).toHaveLength(cases.length);
    expect(mismatches(cases, outcome.workerResults)).toEqual([]);

    expect(outcome.probes.map((p) => p.name)).toHaveLength(5);
    for (const probe of outcome.probes) {
      const answer = JSON.parse(probe.body) as { valid: boolean; code?: string };
      const got = answer.valid ? 'valid' : answer.code;
      expect(`${probe.name}: ${probe.status} ${String(got)}`).toBe(`${probe.name}: ${probe.expect === 'valid' ? 200 : 403} ${probe.expect}`);
    }
    // Every probe reached this server and was judged by verifyRequest.
    expect(seen).toHaveLength(5);
  }, 120_000);
});
