/**
 * The provider contract and the injected edges (environment, files, network, clock, warnings).
 * Nothing in src/credentials reads process.env, node:fs, globalThis.fetch or the clock except
 * through {@link resolveRuntime}, whose defaults are the real ones.
 */
import { type Clock, systemClock } from '../clock.js';
import type { Credentials } from '../sigv4/types.js';
import { readTextFile } from '#io';

/**
 * Anything that can produce credentials. Async because most sources do I/O.
 * @example
 * const provider: CredentialProvider = fromDefaultChain();
 * const credentials = await provider();
 */
export type CredentialProvider = () => Promise<Credentials>;

export type { Clock } from '../clock.js';

/** An environment record, such as `process.env`. Never written to. */
export type Env = Readonly<Record<string, string | undefined>>;

import type { ReadFile } from './io.js';
export type { ReadFile };

import type { WritePrivateFile } from './io.js';
export type { WritePrivateFile };

/** The part of `fetch` the providers use; `globalThis.fetch` fits. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** Receives human-readable warnings (root credentials, missing region, ...). Never given a secret. */
export type WarningHook = (message: string) => void;

/** Injected edges shared by every provider. Each defaults to the real thing. */
export interface RuntimeOptions {
  /** Default: `process.env`. */
  readonly env?: Env | undefined;
  /** Default: `fs.promises.readFile(path, 'utf8')` on Node; elsewhere it must be injected. */
  readonly readFile?: ReadFile | undefined;
  /** Default: `globalThis.fetch`. */
  readonly fetch?: FetchLike | undefined;
  /** Default: the system clock. */
  readonly clock?: Clock | undefined;
  /** Default: `process.emitWarning` (with code `SIGV4KIT_CREDENTIALS`). */
  readonly warn?: WarningHook | undefined;
}

/** {@link RuntimeOptions} with every default filled in. */
export interface Runtime {
  readonly env: Env;
  readonly readFile: ReadFile;
  readonly fetch: FetchLike;
  readonly clock: Clock;
  readonly warn: WarningHook;
}

const defaultFetch: FetchLike = (url, init) => globalThis.fetch(url, init);

const emitWarning: WarningHook = (message) => {
  if (typeof globalThis.process?.emitWarning === 'function') {
    globalThis.process.emitWarning(message, { code: 'SIGV4KIT_CREDENTIALS' });
  }
};

/** Fills in the real environment, file system, fetch, clock and warning sink where none was injected. */
export function resolveRuntime(options: RuntimeOptions = {}): Runtime {
  return {
    env: options.env ?? globalThis.process?.env ?? {},
    readFile: options.readFile ?? readTextFile,
    fetch: options.fetch ?? defaultFetch,
    clock: options.clock ?? systemClock,
    warn: options.warn ?? emitWarning,
  };
}

/** An environment value, with blank treated as unset (as the AWS SDKs do). */
export function envValue(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** True for "true" in any case, the only value the SDKs accept as on for these switches. */
export function isTrue(value: string | undefined): boolean {
  return value !== undefined && value.trim().toLowerCase() === 'true';
}
