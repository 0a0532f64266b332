/** fromProcess: `credential_process` helpers, run without a shell, with a timeout and an output cap. */
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { spawnProcess } from '#io';
import { CredentialsError } from '../../errors.js';
import { splitCommand } from './argv.js';
import { type CacheOptions, withCache } from '../cache.js';
import { parseTimestamp, sealCredentials } from '../credentials.js';
import { ProcessError } from '../errors.js';
import { parseJsonObject } from '../http.js';
import { type CredentialProvider, type Runtime, resolveRuntime, type RuntimeOptions } from '../provider.js';

import type { SpawnFunction } from './spawn.js';
export type { SpawnFunction };

/** Options of {@link fromProcess}. */
export interface ProcessOptions extends RuntimeOptions {
  /** The command line, split with shell-like quoting but run without a shell. */
  readonly command: string | readonly string[];
  /** Kill the process (SIGKILL) after this long. Default 60 000 ms. */
  readonly timeoutMs?: number | undefined;
  /** Largest stdout accepted. Default 1 MiB. */
  readonly maxOutputBytes?: number | undefined;
  /** Default: `child_process.spawn`. The child gets `env` as its environment. */
  readonly spawn?: SpawnFunction | undefined;
  /** Quoting rules for a string `command`. Default: `process.platform`. */
  readonly platform?: string | undefined;
  /** Options for the {@link index!cached | cached} wrapper, or `false`. */
  readonly cache?: CacheOptions | false | undefined;
}

/**
 * Runs a credential helper that prints `{"Version": 1, "AccessKeyId", "SecretAccessKey",
 * "SessionToken"?, "Expiration"?, "AccountId"?}` on stdout, as `credential_process` in a profile does. No shell
 * is involved. Credentials with an expiry are cached and refreshed before it.
 * @example
 * const provider = fromProcess({ command: '/usr/local/bin/vault-aws-creds --role "ci deploy"' });
 * @throws {ProcessError} `PROCESS_FAILED` (non-zero exit, bad output) or `PROCESS_TIMEOUT`.
 * @throws {CredentialsError} `CREDENTIALS_EXPIRED` when the helper prints an expired set.
 */
export function fromProcess(options: ProcessOptions): CredentialProvider {
  const runtime = resolveRuntime(options);
  return withCache(processProvider(options, runtime), options.cache, runtime.clock, 'credential_process');
}

/** The uncached provider. */
export function processProvider(options: ProcessOptions, runtime: Runtime): CredentialProvider {
  const argv = typeof options.command === 'string' ? splitCommand(options.command, options.platform) : [...options.command];
  const [program, ...args] = argv;
  if (program === undefined || program === '') throw new ProcessError('PROCESS_FAILED', 'credential_process is empty', {});
  return async () => {
    const spawn = options.spawn ?? spawnProcess;
    const stdout = await run(spawn, program, args, options, runtime);
    return readProcessOutput(stdout, runtime.clock());
  };
}

const MAX_STDERR = 2048;

function run(spawn: SpawnFunction, program: string, args: string[], options: ProcessOptions, runtime: Runtime): Promise<string> {
  const maxOutput = options.maxOutputBytes ?? 1024 * 1024;
  const timeoutMs = options.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { shell: false, stdio: ['ignore', 'pipe', 'pipe'], env: { ...runtime.env }, windowsHide: true });
    const out: Buffer[] = [];
    let outBytes = 0;
    let stderr = '';
    let failure: ProcessError | undefined;
    const stop = (error: ProcessError): void => {
      failure ??= error;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => stop(new ProcessError('PROCESS_TIMEOUT', `credential_process ${program} did not finish within ${timeoutMs} ms`, { stderr })), timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > maxOutput) stop(new ProcessError('PROCESS_FAILED', `credential_process ${program} printed more than ${maxOutput} bytes`, { stderr }));
      else out.push(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-MAX_STDERR)));
    child.on('error', (error) => stop(Object.assign(new ProcessError('PROCESS_FAILED', `cannot run credential_process ${program}: ${error.message}`, { stderr }), { cause: error })));
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      if (failure) return reject(failure);
      if (exitCode !== 0) return reject(new ProcessError('PROCESS_FAILED', `credential_process ${program} exited with ${String(exitCode)}`, { exitCode: exitCode ?? undefined, stderr }));
      resolve(Buffer.concat(out).toString('utf8'));
    });
  });
}

/**
 * Reads a credential_process document (Version 1).
 * @throws {ProcessError} `PROCESS_FAILED` on a malformed document; {@link CredentialsError} `CREDENTIALS_EXPIRED`.
 */
export function readProcessOutput(stdout: string, now: Date) {
  const body = parseJsonObject(stdout);
  const bad = (why: string) => new ProcessError('PROCESS_FAILED', `credential_process output ${why}`, {});
  if (body === undefined) throw bad('is not a JSON object');
  if (body['Version'] !== 1) throw bad('must have "Version": 1');
  const { AccessKeyId: accessKeyId, SecretAccessKey: secretAccessKey, SessionToken: sessionToken, Expiration: expiration, AccountId: accountId } = body;
  if (typeof accessKeyId !== 'string' || typeof secretAccessKey !== 'string') throw bad('lacks AccessKeyId or SecretAccessKey');
  if (sessionToken !== undefined && typeof sessionToken !== 'string') throw bad('has a SessionToken that is not a string');
  if (accountId !== undefined && typeof accountId !== 'string') throw bad('has an AccountId that is not a string');
  const expires = expiration === undefined ? undefined : parseTimestamp(expiration, 'credential_process Expiration');
  if (expires !== undefined && expires.getTime() <= now.getTime()) {
    throw new CredentialsError('CREDENTIALS_EXPIRED', `credential_process returned credentials that expired at ${expires.toISOString()} (now ${now.toISOString()}): the helper must return fresh ones; run its command by hand to see what it prints`);
  }
  return sealCredentials({
    accessKeyId,
    secretAccessKey,
    ...(sessionToken === undefined ? {} : { sessionToken }),
    ...(expires === undefined ? {} : { expiration: expires }),
    ...(accountId === undefined ? {} : { accountId }),
  });
}
