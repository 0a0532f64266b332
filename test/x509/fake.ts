/** Test PKIs (test/peers/make_certs.py) and the Python CreateSession fake (test/peers/rolesanywhere_fake.py). */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { peerScript, type TempDir } from '../support/peers.js';

export const REGION = 'eu-west-1';
export const TRUST_ANCHOR_ARN = 'arn:aws:rolesanywhere:eu-west-1:123456789012:trust-anchor/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
export const PROFILE_ARN = 'arn:aws:rolesanywhere:eu-west-1:123456789012:profile/9a8b7c6d-5e4f-3a2b-1c0d-e9f8a7b6c5d4';
export const ROLE_ARN = 'arn:aws:iam::123456789012:role/onprem';

export interface Pki {
  readonly dir: string;
  /** Serial in decimal as Python `cryptography` reads it. */
  readonly serials: Record<string, string>;
  read(name: string): string;
  path(name: string): string;
}

/** Generates fresh certificates and keys in `dir` (never committed). */
export function makePki(dir: TempDir): Pki {
  const out = execFileSync('python3', [peerScript('make_certs.py'), dir.path], { encoding: 'utf8' });
  const info = JSON.parse(out) as Record<string, { serial: string }>;
  return {
    dir: dir.path,
    serials: Object.fromEntries(Object.entries(info).map(([k, v]) => [k, v.serial])),
    read: (name) => readFileSync(join(dir.path, name), 'utf8'),
    path: (name) => join(dir.path, name),
  };
}

export interface Fake {
  readonly endpoint: string;
  /** One per request the fake judged: reason null when accepted. */
  readonly verdicts: { ok: boolean; reason: string | null }[];
  /** Resolves once `n` verdicts arrived (the fake's stdout may trail its HTTP answer). */
  settled(n: number): Promise<Fake['verdicts']>;
  stop(): void;
}

/** Starts the fake on 127.0.0.1 for `cert` (a file of the PKI), with `chain` when given. */
export async function startFake(pki: Pki, cert: string, chain?: string): Promise<Fake> {
  const args = [peerScript('rolesanywhere_fake.py'), '--cert', pki.path(cert), '--region', REGION,
    '--trust-anchor-arn', TRUST_ANCHOR_ARN, '--profile-arn', PROFILE_ARN, '--role-arn', ROLE_ARN];
  if (chain !== undefined) args.push('--chain', pki.path(chain));
  const child: ChildProcess = spawn('python3', args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const verdicts: Fake['verdicts'] = [];
  const lines = createInterface({ input: child.stdout! });
  const port = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`rolesanywhere_fake.py exited ${String(code)}`)));
    lines.on('line', (line) => {
      if (line.startsWith('PORT ')) resolve(line.slice(5));
      else verdicts.push(JSON.parse(line) as Fake['verdicts'][number]);
    });
  });
  const settled = async (n: number) => {
    for (let i = 0; i < 200 && verdicts.length < n; i++) await new Promise((r) => setTimeout(r, 25));
    return verdicts;
  };
  return { endpoint: `http://127.0.0.1:${port}`, verdicts, settled, stop: () => child.kill() };
}
