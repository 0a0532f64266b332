/**
 * Packs a fresh clone of this tree (never touching the real dist/, which other tests may read):
 * `npm pack` alone must build it (the `prepare` script), then installs the tarball into an empty
 * project the way a user would: `npm install <tarball>`, scripts off, the runtime dependencies from
 * the npm cache (the registry only if the cache lacks them).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { ROOT } from './bundle.js';

/** Where everything landed. */
export interface Packed {
  /** The temporary folder holding all of it (remove with {@link cleanUp}). */
  readonly work: string;
  /** The clone of the repository, built by `npm pack`. */
  readonly stage: string;
  /** Whether the clone had a dist/ before `npm pack` (a fresh clone has none). */
  readonly distBeforePack: boolean;
  readonly tarball: string;
  /** Paths in the tarball, as npm pack lists them, sorted. */
  readonly files: string[];
  /** The consumer project with the package installed. */
  readonly consumer: string;
  /** Which install command worked. */
  readonly installedWith: string;
}

/**
 * The environment for nested npm runs: without what `npm test` exports about *this* package (prefix,
 * lifecycle, package fields), so an `npm install` in the consumer folder can only touch that folder.
 */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_(package_|lifecycle_)|^npm_config_(local_prefix|prefix|global_prefix)$|^INIT_CWD$/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
}

/** Runs a command; throws with its output when it fails. */
export function run(command: string, args: string[], cwd: string): string {
  const env = childEnv();
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${String(result.status)}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/**
 * What a fresh `git clone` of the working tree holds: the tracked files and the untracked ones git
 * would commit (not ignored), as they are now, so uncommitted work is tested too. Nothing ignored
 * (dist/, node_modules/) and nothing from outside the repository.
 */
export function cloneWorkingTree(dest: string): void {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  for (const file of listed.split('\0').filter((f) => f !== '' && existsSync(join(ROOT, f)))) {
    mkdirSync(dirname(join(dest, file)), { recursive: true });
    cpSync(join(ROOT, file), join(dest, file));
  }
}

/** A new empty ESM project in `dir`. */
export function emptyProject(dir: string, name: string): string {
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
  return dir;
}

function install(tarball: string, consumer: string): string {
  try {
    run('npm', ['install', '--offline', '--ignore-scripts', '--no-package-lock', tarball], consumer);
    return 'npm install --offline';
  } catch (offline) {
    console.warn(`npm install --offline failed, retrying with --prefer-offline:\n${String(offline).slice(0, 400)}`);
    run('npm', ['install', '--prefer-offline', '--ignore-scripts', '--no-package-lock', tarball], consumer);
    return 'npm install --prefer-offline';
  }
}

/**
 * Clone, pack (which builds), install. Takes 10-20 s. The clone's node_modules is a link to this
 * checkout's (what `npm ci` would install), so nothing is downloaded for the build.
 */
export function packAndInstall(prefix: string): Packed {
  const work = mkdtempSync(join(tmpdir(), `sigv4-kit-${prefix}-`));
  const stage = join(work, 'sigv4-kit');
  cloneWorkingTree(stage);
  symlinkSync(join(ROOT, 'node_modules'), join(stage, 'node_modules'), 'dir');
  const distBeforePack = existsSync(join(stage, 'dist'));
  const [pack] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], stage)) as Array<{ filename: string; files: Array<{ path: string }> }>;
  if (pack === undefined) throw new Error('npm pack printed no result');
  const tarball = join(work, basename(pack.filename));
  const consumer = emptyProject(join(work, 'consumer'), 'consumer');
  const installedWith = install(tarball, consumer);
  return { work, stage, distBeforePack, tarball, files: pack.files.map((f) => f.path).sort(), consumer, installedWith };
}

/** Removes everything {@link packAndInstall} made. */
export function cleanUp(packed: Packed | undefined): void {
  if (packed) rmSync(packed.work, { recursive: true, force: true });
}
