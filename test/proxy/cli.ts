/** Runs `sigv4 proxy` in-process, as the tests need it: started, its address read from stderr, stopped like SIGTERM would. */
import { readFile } from 'node:fs/promises';
import { runProxy, type ProxyIo } from '../../src/cli/commands/proxy.js';
import { BARE_ENV } from '../cli/io.js';

/** A running `sigv4 proxy`. */
export interface RunningProxy {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Stops it (as SIGTERM does) and resolves with the exit status. */
  stop(): Promise<number>;
}

/** Starts `sigv4 proxy ...argv` with `env` on top of a bare machine; resolves once it listens. */
export async function startProxy(argv: readonly string[], env: Record<string, string> = {}, extra: Partial<ProxyIo> = {}): Promise<RunningProxy> {
  let err = '';
  const controller = new AbortController();
  let listening: (url: string) => void = () => {};
  const ready = new Promise<string>((resolve) => (listening = resolve));
  const exited = runProxy(argv, {
    stdin: '',
    stdout: { write: () => true },
    stderr: {
      write: (chunk: string) => {
        err += chunk;
        const match = /listening on (http:\/\/\S+)/.exec(err);
        if (match) listening(match[1]!);
        return true;
      },
    },
    env: { ...BARE_ENV, ...env },
    readFile: (path) => readFile(path),
    stop: controller.signal,
    ...extra,
  });
  const url = await Promise.race([ready, exited.then((code) => Promise.reject(new Error(`sigv4 proxy exited ${code} before listening: ${err}`)))]);
  return {
    url,
    stderr: () => err,
    stop: () => (controller.abort(), exited),
  };
}
