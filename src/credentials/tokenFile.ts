/**
 * The sign-in caches the AWS CLI writes (`~/.aws/sso/cache`, `~/.aws/login/cache`): where they are,
 * reading one as a JSON object, writing it back. Node only (the paths and the atomic write need it).
 */
import { homeDirectory } from './profile/sharedFiles.js';
import { readOptional } from './profile/sharedFiles.js';
import { parseJsonObject } from './http.js';
import { type Env, envValue, type ReadFile } from './provider.js';
import type { WritePrivateFile } from '#io';

export type { WritePrivateFile } from '#io';

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
