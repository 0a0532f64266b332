/**
 * The sign-in caches the AWS CLI writes (`~/.aws/sso/cache`, `~/.aws/login/cache`): where they are,
 * reading one as a JSON object, writing it back. Node only (the paths and the atomic write need it).
 */
import { ProviderError } from '../errors.js';
import type { CacheOptions } from './cache.js';
import type { ProfileContext } from './endpoint.js';
import { parseJsonObject } from './http.js';
import type { Profile } from './profile/profileSet.js';
import { homeDirectory, loadProfileSet, readOptional, resolveSharedFiles } from './profile/sharedFiles.js';
import { type Env, envValue, type ReadFile, type Runtime, type RuntimeOptions, type WritePrivateFile } from './provider.js';

export type { WritePrivateFile } from './provider.js';

/** `<home>/.aws/<parts...>`, or `undefined` without a home directory. */
export function awsHomePath(env: Env, platform: string | undefined, ...parts: string[]): string | undefined {
  const windows = (platform ?? globalThis.process?.platform) === 'win32';
  const home = homeDirectory(env, windows);
  return home === undefined ? undefined : [home, '.aws', ...parts].join(windows ? '\\' : '/');
}

/** `directory` joined with `name` using the directory's own separator. */
export function inDirectory(directory: string, name: string): string {
  const sep = directory.includes('\\') && !directory.includes('/') ? '\\' : '/';
  return directory.endsWith(sep) ? directory + name : directory + sep + name;
}

/** The cache file's JSON object; `undefined` when the file does not exist; `'invalid'` when it is not a JSON object. */
export async function readTokenFile(readFile: ReadFile, path: string): Promise<Record<string, unknown> | 'invalid' | undefined> {
  const text = await readOptional(readFile, path);
  if (text === undefined) return undefined;
  return parseJsonObject(text) ?? 'invalid';
}

/** Writes `token` back (pretty JSON, as the AWS CLI does) through the atomic, mode-0600 writer. */
export function writeTokenFile(write: WritePrivateFile, path: string, token: Record<string, unknown>): Promise<void> {
  return write(path, `${JSON.stringify(token, null, 2)}\n`);
}

/**
 * A cache timestamp: RFC 3339 (`2026-01-01T00:00:00Z`, with fractions or an offset) or the older
 * CLI spelling with a `UTC` suffix. `undefined` when it is none of them.
 */
export function parseCacheTime(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim().replace(/UTC$/, 'Z');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})$/i.test(text)) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** `2026-01-01T00:00:00Z`: what botocore writes, and what both SDKs read. */
export function formatCacheTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A non-empty string field, or `undefined`. */
export function stringField(record: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = record?.[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** An environment directory setting with `~` expanded against the home directory. */
export function envDirectory(env: Env, name: string, platform: string | undefined): string | undefined {
  const value = envValue(env, name);
  if (value === undefined) return undefined;
  if (!/^~(?:[/\\]|$)/.test(value)) return value;
  const home = homeDirectory(env, (platform ?? globalThis.process?.platform) === 'win32');
  return home === undefined ? undefined : home + value.slice(1);
}

/** Options `fromSso` and `fromLogin` share: which profile, which files, how to write the cache back. */
export interface SessionProviderOptions extends RuntimeOptions {
  /** The profile to read. Default: `AWS_PROFILE`, else `AWS_DEFAULT_PROFILE`, else `default`. */
  readonly profile?: string | undefined;
  /** Default: `AWS_CONFIG_FILE`, else `~/.aws/config`. */
  readonly configFile?: string | undefined;
  /** Default: `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`. */
  readonly credentialsFile?: string | undefined;
  /** Writes the refreshed cache file. Default: an atomic rename of a mode-0600 temporary file. */
  readonly writeFile?: WritePrivateFile | undefined;
  /** Abort a call to the service after this long. Default 10 s. */
  readonly timeoutMs?: number | undefined;
  /** Options for the {@link index!cached | cached} wrapper, or `false` to read the cache on every use. */
  readonly cache?: CacheOptions | false | undefined;
  /** For the home directory lookup (`win32` reads `USERPROFILE`). Default: `process.platform`. */
  readonly platform?: string | undefined;
}

/** What a session provider needs at call time besides its settings. */
export interface SessionDeps {
  readonly runtime: Runtime;
  readonly cacheDirectory: string;
  readonly writeFile: WritePrivateFile;
  /** The profile in effect, for the endpoint resolver (`[services]`, `endpoint_url`). */
  readonly context: ProfileContext | undefined;
  readonly timeoutMs: number | undefined;
}

/**
 * The profile `options.profile` (else the environment's) from the shared files, read afresh.
 * @throws {ProviderError} `PROFILE_NOT_FOUND` when it is not there.
 */
export async function loadSelectedProfile(options: SessionProviderOptions, runtime: Runtime): Promise<{ readonly name: string; readonly profile: Profile; readonly context: ProfileContext }> {
  const found = resolveSharedFiles(runtime.env, options.platform);
  const locations = { ...found, configPath: options.configFile ?? found.configPath, credentialsPath: options.credentialsFile ?? found.credentialsPath };
  const set = await loadProfileSet(runtime.readFile, locations);
  const name = options.profile ?? locations.profile;
  const profile = set.profiles.get(name);
  if (profile === undefined) throw new ProviderError('PROFILE_NOT_FOUND', `profile ${name} is not in ${locations.configPath ?? '(no config file)'}`);
  return { name, profile, context: { profile, set } };
}
