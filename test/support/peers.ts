/**
 * Real clients as test peers: python3 + botocore/boto3, the aws CLI and curl. Detects them once,
 * skips loudly when one is missing (a failure under CI=true), and runs them with an explicit
 * environment: nothing is read from the user's ~/.aws, and nothing is written to process.env.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Peers a test can ask for. */
export type PeerName = 'python-botocore' | 'aws-cli' | 'curl';

const PROBES: Record<PeerName, readonly [string, readonly string[]]> = {
  'python-botocore': ['python3', ['-c', 'import botocore, boto3']],
  'aws-cli': ['aws', ['--version']],
  curl: ['curl', ['--version']],
};

const known = new Map<PeerName, string | undefined>();

/** Why `name` cannot run here, or undefined when it can. */
export function peerMissing(name: PeerName): string | undefined {
  if (!known.has(name)) {
    const [cmd, args] = PROBES[name];
    const probe = spawnSync(cmd, args, { encoding: 'utf8', timeout: 30_000, env: { PATH: process.env['PATH'] ?? '', HOME: tmpdir() } });
    known.set(name, probe.status === 0 ? undefined : `${cmd} ${args.join(' ')} failed: ${probe.error?.message ?? probe.stderr.trim().slice(0, 200)}`);
  }
  return known.get(name);
}

/**
 * True when every peer is present. Otherwise prints a loud SKIPPED line, or throws under CI=true
 * (where a missing peer is a failure, not a skip).
 */
export function requirePeers(names: readonly PeerName[], what: string): boolean {
  const missing = names.map((n) => [n, peerMissing(n)] as const).filter(([, why]) => why !== undefined);
  if (missing.length === 0) return true;
  const message = `${what}: SKIPPED, peer(s) missing: ${missing.map(([n, why]) => `${n} (${why})`).join('; ')}`;
  if (process.env['CI'] === 'true') throw new Error(`${message} (a failure under CI=true)`);
  console.warn(`\n!!! ${message}\n`);
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
