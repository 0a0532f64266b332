/** What the `sigv4` command touches, injected so every path runs in-process in tests. */
import type { Clock } from '../clock.js';
import type { FetchLike } from '../credentials/provider.js';
import type { RetryOptions } from '../fetch/retry.js';

/** Standard streams, environment, files, network and time of one `sigv4` run. */
export interface CliIo {
  /** `process.stdin`, or its whole content. */
  readonly stdin: AsyncIterable<Uint8Array | string> | string | Uint8Array;
  readonly stdout: { write(chunk: string | Uint8Array): unknown };
  readonly stderr: { write(chunk: string): unknown };
  /** Only read. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Reads a whole file; rejects with an error whose `code` is `'ENOENT'` when it does not exist. */
  readFile(path: string): Promise<string | Uint8Array>;
  /** Default: `globalThis.fetch`. */
  readonly fetch?: FetchLike | undefined;
  /** Default: the system clock. */
  readonly clock?: Clock | undefined;
  /** Backoff randomness and sleep for the fetch command's retries. */
  readonly retry?: RetryOptions | undefined;
}

/** Exit status: success. */
export const EXIT_OK = 0;
/** Exit status: the request failed (AWS answered with an error, network, credentials). */
export const EXIT_FAILURE = 1;
/** Exit status: the command line is wrong (unknown flag, missing argument, invalid input). */
export const EXIT_USAGE = 2;

const utf8 = new TextEncoder();

/** All of stdin as bytes. */
export async function readStdin(stdin: CliIo['stdin']): Promise<Uint8Array> {
  if (typeof stdin === 'string') return utf8.encode(stdin);
  if (stdin instanceof Uint8Array) return stdin;
  const chunks: Uint8Array[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? utf8.encode(chunk) : chunk);
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  chunks.reduce((at, c) => (out.set(c, at), at + c.length), 0);
  return out;
}

/** `readFile` as text (for the credential providers). */
export function textReader(io: CliIo): (path: string) => Promise<string> {
  return async (path) => {
    const content = await io.readFile(path);
    return typeof content === 'string' ? content : new TextDecoder().decode(content);
  };
}
