/**
 * Runs the built `sigv4` executable (dist/node-bundle/cli.js, what `npm install` puts on the path)
 * as a child process. The build is made (`npm run build`) when it is missing or older than src/,
 * so a test never runs a stale binary.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BARE_ENV, type CliResult } from './io.js';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
export const BIN = join(ROOT, 'dist/node-bundle/cli.js');

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** Builds dist/ unless the CLI bundle is newer than every file in src/. */
export function ensureBuilt(): void {
  let built = 0;
  try {
    built = statSync(BIN).mtimeMs;
  } catch {
    // not built yet
  }
  if (built > newest(join(ROOT, 'src'))) return;
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'ignore', timeout: 300_000 });
}

/** `sigv4 ...argv` as a process: `env` on top of BARE_ENV (and PATH), `stdin` written then closed. */
export function sigv4Bin(argv: readonly string[], env: Record<string, string> = {}, stdin: string | Uint8Array = ''): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...argv], { env: { PATH: process.env['PATH'] ?? '', ...BARE_ENV, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    child.once('error', fail);
    child.once('close', (code) => {
      const stdoutBytes = new Uint8Array(Buffer.concat(out));
      done({ code: code ?? 1, stdout: new TextDecoder().decode(stdoutBytes), stdoutBytes, stderr: err });
    });
    child.stdin.end(stdin);
  });
}
