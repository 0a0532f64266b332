/**
 * Real clients as test peers: python3 (+ botocore/boto3, + moto), the aws CLI, curl, Chromium, Deno
 * and Bun. Detects them once, skips with one line saying what is missing and how to get it (a failure
 * under CI=true), and runs them with an explicit environment: nothing is read from the user's ~/.aws,
 * and nothing is written to process.env. The Python scripts the tests run live in test/peers/
 * (`peerScript('check_capture.py')`).
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The project's own Python helpers (moto provisioning, the botocore oracle...). */
export const PEERS_DIR = join(ROOT, 'test/peers');

/** The path of `test/peers/<name>`; throws if the script is not there (a broken checkout, not a missing peer). */
export function peerScript(name: string): string {
  const path = join(PEERS_DIR, name);
  if (!existsSync(path)) throw new Error(`${path} not found: test/peers/ is part of the repository`);
  return path;
}

/** Peers a test can ask for. */
export type PeerName = 'python3' | 'python-botocore' | 'moto' | 'aws-cli' | 'curl' | 'chromium' | 'deno' | 'bun';

/** Debian's Chromium (playwright-core drives it; .ci/run installs it). */
export const CHROMIUM_BIN = '/usr/bin/chromium';

/** Where the .ci/runtimes packages put Deno and Bun. */
export const RUNTIMES_BIN = join(ROOT, '.ci/runtimes/node_modules/.bin');

interface Peer {
  /** A command that exits 0 when the peer works, or a file that must exist. */
  readonly probe: readonly [string, readonly string[]] | { readonly file: string };
  /** How to get it, for the skip line. */
  readonly get: string;
}

const PEERS: Record<PeerName, Peer> = {
  python3: { probe: ['python3', ['-c', 'import json, shlex, urllib.parse']], get: 'install Python 3.10+ as python3 on PATH' },
  'python-botocore': { probe: ['python3', ['-c', 'import botocore, boto3']], get: 'pip install boto3' },
  // moto_server is started as `python3 -m moto.server`, so this is the whole check.
  moto: { probe: ['python3', ['-c', 'import boto3, moto.server']], get: 'pip install "moto[server]" boto3' },
  'aws-cli': { probe: ['aws', ['--version']], get: 'pip install awscli (or AWS CLI v2)' },
  curl: { probe: ['curl', ['--version']], get: 'apt-get install curl (7.75+ for --aws-sigv4)' },
  chromium: { probe: { file: CHROMIUM_BIN }, get: 'apt-get install -y chromium' },
  deno: { probe: { file: join(RUNTIMES_BIN, 'deno') }, get: 'npm ci --prefix .ci/runtimes' },
  bun: { probe: { file: join(RUNTIMES_BIN, 'bun') }, get: 'npm ci --prefix .ci/runtimes' },
};

const known = new Map<PeerName, string | undefined>();

function probe({ probe: how }: Peer): string | undefined {
  if ('file' in how) return existsSync(how.file) ? undefined : `${how.file} not found`;
  const [cmd, args] = how;
  const run = spawnSync(cmd, args, { encoding: 'utf8', timeout: 30_000, env: { PATH: process.env['PATH'] ?? '', HOME: tmpdir() } });
  if (run.status === 0) return undefined;
  const said = run.error?.message ?? run.stderr.trim().split('\n').at(-1) ?? '';
  return `${cmd} ${args.join(' ')} failed: ${said.slice(0, 160) || `exit ${String(run.status)}`}`;
}

/** Why `name` cannot run here (with how to get it), or undefined when it can. */
export function peerMissing(name: PeerName): string | undefined {
  if (!known.has(name)) {
    const why = probe(PEERS[name]);
    known.set(name, why === undefined ? undefined : `${name} missing (${why}); get it: ${PEERS[name].get}`);
  }
  return known.get(name);
}

/**
 * Reports a skipped suite in one line: `SKIPPED <what>: <reasons>`. Under CI=true a missing peer is
 * a failure, so this throws instead.
 */
export function reportSkip(what: string, reasons: readonly string[]): void {
  const message = `SKIPPED ${what}: ${reasons.join('; ')}`;
  if (process.env['CI'] === 'true') throw new Error(`${message} (a failure under CI=true)`);
  console.warn(`!!! ${message}`);
}

/**
 * True when every peer is present. Otherwise prints one SKIPPED line naming what is missing and how
 * to get it, or throws under CI=true (where a missing peer is a failure, not a skip).
 *
 *   const haveBotocore = requirePeers(['python-botocore'], 'fetch wire tests (botocore oracle)');
 *   describe.skipIf(!haveBotocore)('...', () => { ... });
 */
export function requirePeers(names: readonly PeerName[], what: string): boolean {
  const missing = names.map(peerMissing).filter((why): why is string => why !== undefined);
  if (missing.length === 0) return true;
  reportSkip(what, missing);
  return false;
}

/** What a finished child process said. */
export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `cmd` with exactly `env` (plus PATH), never a shell. Resolves with the exit code, even non-zero. */
export function runPeer(cmd: string, args: readonly string[], env: Record<string, string>, timeoutMs = 60_000): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(cmd, [...args], { env: { PATH: process.env['PATH'] ?? '', ...env }, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** Static keys for a peer; `sessionToken` makes them temporary. */
export interface PeerCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
}

/** A scratch directory; `dispose()` removes it. */
export interface TempDir {
  readonly path: string;
  file(name: string, content: string): string;
  dispose(): void;
}

export function tempDir(prefix = 'sigv4kit-peer-'): TempDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return {
    path,
    file: (name, content) => {
      const file = join(path, name);
      writeFileSync(file, content);
      return file;
    },
    dispose: () => rmSync(path, { recursive: true, force: true }),
  };
}

/**
 * The environment for botocore and the aws CLI, isolated from the user: a temporary HOME and
 * config files, no instance-metadata lookups, one attempt, and these credentials only.
 * `config` is written as the AWS config file (e.g. S3 signature_version / addressing_style).
 */
export function awsEnv(dir: TempDir, credentials: PeerCredentials, config = '[default]\n'): Record<string, string> {
  return {
    HOME: dir.path,
    AWS_CONFIG_FILE: dir.file('config', config),
    AWS_SHARED_CREDENTIALS_FILE: dir.file('credentials', ''),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_MAX_ATTEMPTS: '1',
    AWS_RETRY_MODE: 'standard',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_PAGER: '',
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    ...(credentials.sessionToken === undefined ? {} : { AWS_SESSION_TOKEN: credentials.sessionToken }),
  };
}

/** Runs a python3 script (passed on the command line, not through a shell) in `env`. */
export function runPython(script: string, env: Record<string, string>, args: readonly string[] = []): Promise<RunResult> {
  return runPeer('python3', ['-c', script, ...args], env);
}
