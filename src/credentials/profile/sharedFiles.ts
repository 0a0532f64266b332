/** Where the shared config and credentials files live, which profile is selected, and loading them. */
import { ProviderError } from '../../errors.js';
import { parseProfileFiles, type ProfileSet } from './profileSet.js';
import { type Env, envValue, type ReadFile } from '../provider.js';

/** The files and profile a process would use. */
export interface SharedFileLocations {
  /** `undefined` when no home directory is known and `AWS_CONFIG_FILE` is not set. */
  readonly configPath: string | undefined;
  readonly credentialsPath: string | undefined;
  /** `AWS_PROFILE`, else the legacy `AWS_DEFAULT_PROFILE`, else `default`. */
  readonly profile: string;
  /** True when the profile came from the environment rather than the `default` fallback. */
  readonly profileFromEnv: boolean;
}

/**
 * Resolves the file locations from the environment as the AWS SDKs do: `AWS_CONFIG_FILE` and
 * `AWS_SHARED_CREDENTIALS_FILE` (with `~` expanded), else `<home>/.aws/config` and
 * `<home>/.aws/credentials`. Home is `HOME`; on Windows then `USERPROFILE`, then `HOMEDRIVE` + `HOMEPATH`.
 */
export function resolveSharedFiles(env: Env, platform: string = globalThis.process?.platform ?? 'linux'): SharedFileLocations {
  const windows = platform === 'win32' || platform === 'windows';
  const sep = windows ? '\\' : '/';
  const home = homeDirectory(env, windows);
  const expand = (path: string): string | undefined =>
    /^~(?:[/\\]|$)/.test(path) ? (home === undefined ? undefined : home + path.slice(1)) : path;
  const inHome = (name: string): string | undefined => (home === undefined ? undefined : [home, '.aws', name].join(sep));
  const configEnv = envValue(env, 'AWS_CONFIG_FILE');
  const credentialsEnv = envValue(env, 'AWS_SHARED_CREDENTIALS_FILE');
  const named = envValue(env, 'AWS_PROFILE') ?? envValue(env, 'AWS_DEFAULT_PROFILE');
  return {
    configPath: configEnv === undefined ? inHome('config') : expand(configEnv),
    credentialsPath: credentialsEnv === undefined ? inHome('credentials') : expand(credentialsEnv),
    profile: named?.trim() ?? 'default',
    profileFromEnv: named !== undefined,
  };
}

/** The user's home directory as the SDKs find it: `HOME`; on Windows then `USERPROFILE`, then `HOMEDRIVE` + `HOMEPATH`. */
export function homeDirectory(env: Env, windows: boolean): string | undefined {
  const home = envValue(env, 'HOME');
  if (home !== undefined || !windows) return home;
  const profile = envValue(env, 'USERPROFILE');
  if (profile !== undefined) return profile;
  const drive = envValue(env, 'HOMEDRIVE');
  const path = envValue(env, 'HOMEPATH');
  return drive !== undefined && path !== undefined ? drive + path : undefined;
}

/**
 * Reads and merges both files. A missing file counts as empty; any other read error fails.
 * @throws {ProfileParseError} on a malformed file; {@link ProviderError} `PROVIDER_FAILED` when a file cannot be read.
 */
export async function loadProfileSet(readFile: ReadFile, locations: SharedFileLocations): Promise<ProfileSet> {
  const [configFile, credentialsFile] = await Promise.all([
    readOptional(readFile, locations.configPath),
    readOptional(readFile, locations.credentialsPath),
  ]);
  return parseProfileFiles({
    configFile,
    credentialsFile,
    configPath: locations.configPath,
    credentialsPath: locations.credentialsPath,
  });
}

const MISSING = new Set(['ENOENT', 'ENOTDIR']);

/** Reads `path`; `undefined` when there is no such file. */
export async function readOptional(readFile: ReadFile, path: string | undefined): Promise<string | undefined> {
  if (path === undefined) return undefined;
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && MISSING.has(code)) return undefined;
    throw new ProviderError('PROVIDER_FAILED', `cannot read ${path}`, { cause: error });
  }
}
