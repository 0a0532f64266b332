/** Runs the `sigv4` command in-process with recorded stdout/stderr and an explicit environment. */
import { readFile } from 'node:fs/promises';
import { type CliIo, run } from '../../src/cli/run.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stdoutBytes: Uint8Array;
  readonly stderr: string;
}

/** The environment of a machine with nothing configured: no keys, no files, no instance role. */
export const BARE_ENV: Readonly<Record<string, string>> = {
  HOME: '/nonexistent-sigv4kit-home',
  AWS_CONFIG_FILE: '/nonexistent-sigv4kit-home/config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent-sigv4kit-home/credentials',
  AWS_EC2_METADATA_DISABLED: 'true',
};

/** `sigv4 ...argv` with `env` (on top of {@link BARE_ENV}) and optional stdin / fetch / clock. */
export async function sigv4(argv: readonly string[], env: Record<string, string | undefined> = {}, extra: Partial<CliIo> = {}): Promise<CliResult> {
  const out: Uint8Array[] = [];
  let err = '';
  const code = await run(argv, {
    stdin: '',
    stdout: { write: (chunk: string | Uint8Array) => out.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk) },
    stderr: { write: (chunk: string) => (err += chunk) },
    env: { ...BARE_ENV, ...env },
    readFile: (path) => readFile(path),
    ...extra,
  });
  const stdoutBytes = new Uint8Array(Buffer.concat(out));
  return { code, stdout: new TextDecoder().decode(stdoutBytes), stdoutBytes, stderr: err };
}
