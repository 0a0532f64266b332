/**
 * Stand-ins for io.node.ts outside Node (browsers, workers): no file system, processes or DNS.
 * Providers that need them fail with a clear error unless the caller injects their own.
 */
import { ProviderError } from '../errors.js';
import type { LookupFunction, ReadFile, WritePrivateFile } from './io.js';
import type { SpawnFunction } from './profile/spawn.js';

const unavailable = (what: string, option: string): ProviderError =>
  new ProviderError('PROVIDER_FAILED', `${what} is not available on this platform: pass the ${option} option`);

/** Rejects: there is no file system here. */
export const readTextFile: ReadFile = () => Promise.reject(unavailable('reading files', 'readFile'));

/** Throws: processes cannot be started here. */
export const spawnProcess: SpawnFunction = () => {
  throw unavailable('running credential_process', 'spawn');
};

/** Rejects: there is no resolver here. */
export const lookupHost: LookupFunction = () => Promise.reject(unavailable('DNS resolution', 'lookup'));

/** Rejects: there is no file system here. */
export const writePrivateFile: WritePrivateFile = () => Promise.reject(unavailable('writing files', 'writeFile'));

/** Throws: `node:crypto` is not here (IAM Identity Center and `aws login` sessions live on a developer's machine). */
export const loadNodeCrypto = (): never => {
  throw unavailable('reading aws sso login / aws login sessions', 'runtime (use sigv4-kit/node on Node)');
};
