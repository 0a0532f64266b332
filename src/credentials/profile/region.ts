/** The `region` of the profile in effect, read as the SDKs read it when nothing else names one. */
import { type Env, type ReadFile, resolveRuntime } from '../provider.js';
import { loadProfileSet, resolveSharedFiles } from './sharedFiles.js';

/**
 * The `region` of `profile` (default: `AWS_PROFILE`, `AWS_DEFAULT_PROFILE`, else `default`) in the
 * shared config files (`AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`), or undefined. `readFile`
 * defaults to the runtime's (the file system on Node).
 * @throws {ProfileParseError} `PROFILE_PARSE_ERROR` for a malformed file.
 */
export async function readProfileRegion(env: Env, readFile: ReadFile | undefined, profile?: string): Promise<string | undefined> {
  const locations = resolveSharedFiles(env);
  const set = await loadProfileSet(readFile ?? resolveRuntime({ env }).readFile, locations);
  return set.profiles.get(profile ?? locations.profile)?.get('region')?.trim() || undefined;
}
