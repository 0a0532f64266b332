/**
 * The portable sigv4-kit/x509 in a real browser: headless Debian Chromium (playwright-core) runs a
 * dedicated worker holding a browser bundle of it (WebCrypto, no node:crypto, no Buffer); the worker
 * signs CreateSession requests with RSA, P-256 and P-384 (with an intermediate) certificates made for
 * the run, and this process forwards them to the Python CreateSession fake, which verifies them with
 * botocore's canonicalizer and Python `cryptography`.
 * Chromium missing: one SKIPPED line, or a failure under CI=true (.ci/run installs it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subpathImportsPlugin } from '../../scripts/conditions.mjs';
import { ROOT } from '../ship/support/bundle.js';
import { CHROMIUM_BIN, requirePeers, tempDir, type TempDir } from '../support/peers.js';
import { makePki, type Pki, PROFILE_ARN, REGION, ROLE_ARN, startFake, TRUST_ANCHOR_ARN } from './fake.js';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const available = requirePeers(['chromium', 'python-botocore'], 'the portable X.509 browser test (Chromium + the Python CreateSession fake)');
const KINDS = ['rsa', 'p256', 'p384-int'];
const body = JSON.stringify({ durationSeconds: 3600, profileArn: PROFILE_ARN, roleArn: ROLE_ARN, trustAnchorArn: TRUST_ANCHOR_ARN });

interface WorkerAnswer { headers?: Record<string, string>; serial?: string; hasProcess?: boolean; hasBuffer?: boolean; error?: string }

describe.skipIf(!available)('portable sigv4-kit/x509 in a Chromium worker', () => {
  let dir: TempDir;
  let pki: Pki;
  let server: Server;
  let context: BrowserContext;
  let userDataDir: string;
  let origin: string;

  beforeAll(async () => {
    dir = tempDir('sigv4kit-x509-browser-');
    pki = makePki(dir);
    const bundle = await esbuild.build({
      entryPoints: [resolve(ROOT, 'test/x509/support/worker.ts')], absWorkingDir: ROOT, bundle: true, format: 'iife', target: 'es2022',
      platform: 'browser', write: false, logLevel: 'silent', plugins: [subpathImportsPlugin(ROOT, 'default')],
    });
    const worker = bundle.outputFiles[0]!.text;
    server = createServer((req, res) => {
      if (req.url === '/worker.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' });
        res.end(worker);
      } else if (req.url === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<!doctype html><meta charset="utf-8"><title>sigv4-kit x509 worker</title>');
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    userDataDir = mkdtempSync(join(tmpdir(), 'sigv4-kit-chromium-x509-'));
    context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM_BIN, headless: true, args: FLAGS });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    dir?.dispose();
  });

  it('signs CreateSession with RSA, P-256 and P-384 + intermediate certificates; the Python fake verifies each', async () => {
    const fakes = await Promise.all(KINDS.map((kind) => startFake(pki, `${kind}.cert.pem`, kind.endsWith('-int') ? `${kind}.chain.pem` : undefined)));
    try {
      const jobs = KINDS.map((kind, i) => ({
        certificate: pki.read(`${kind}.cert.pem`), privateKey: pki.read(`${kind}.key.pem`), ...(kind.endsWith('-int') ? { chain: pki.read(`${kind}.chain.pem`) } : {}),
        url: `${fakes[i]!.endpoint}/sessions`, body, region: REGION,
      }));
      const tab = await context.newPage();
      const errors: string[] = [];
      tab.on('pageerror', (error) => errors.push(String(error)));
      await tab.goto(`${origin}/`);
      const answers = (await tab.evaluate(async (list) => {
        const worker = new Worker('/worker.js');
        const out: unknown[] = [];
        for (const job of list) {
          out.push(await new Promise((done, fail) => {
            worker.onmessage = (event) => done(event.data);
            worker.onerror = (event) => fail(new Error(event.message));
            worker.postMessage(job);
          }));
        }
        worker.terminate();
        return out;
      }, jobs)) as WorkerAnswer[];
      expect(errors).toEqual([]);
      expect(answers.map((a) => a.error)).toEqual(KINDS.map(() => undefined));
      expect(answers.map((a) => [a.hasProcess, a.hasBuffer])).toEqual(KINDS.map(() => [false, false]));
      expect(answers.map((a) => a.serial)).toEqual(KINDS.map((kind) => pki.serials[kind]));
      for (const [i, answer] of answers.entries()) {
        const response = await fetch(jobs[i]!.url, { method: 'POST', headers: answer.headers!, body });
        expect(response.status).toBe(201);
        expect(await fakes[i]!.settled(1)).toEqual([{ ok: true, reason: null }]);
      }
      // A tampered body is refused: the fake checks the signature, not just its presence.
      const tampered = await fetch(jobs[0]!.url, { method: 'POST', headers: answers[0]!.headers!, body: body.replace('3600', '7200') });
      expect(tampered.status).toBe(403);
      expect((await fakes[0]!.settled(2))[1]).toEqual({ ok: false, reason: 'signature does not verify' });
    } finally {
      for (const fake of fakes) fake.stop();
    }
  }, 120_000);
});
