/**
 * Builds and packs a copy of this tree (never touching the real dist/, which other tests may read),
 * then installs the tarball into an empty project the way a user would: `npm install <tarball>`,
 * scripts off, the runtime dependency from the npm cache (the registry only if the cache lacks it).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ROOT } from './bundle.js';

/** Where everything landed. */
export interface Packed {
  /** The temporary folder holding all of it (remove with {@link cleanUp}). */
  readonly work: string;
  /** The built copy of the repository. */
  readonly stage: string;
  readonly tarball: string;
  /** Paths in the tarball, as npm pack lists them, sorted. */
  readonly files: string[];
  /** The consumer project with the package installed. */
  readonly consumer: string;
  /** Which install command worked. */
  readonly installedWith: string;
}

const NOT_COPIED = new Set(['node_modules', '.git', 'dist', 'coverage', '.bench-out', '.ci']);

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

/** Build, pack, install. Takes 10-20 s. */
export function packAndInstall(prefix: string): Packed {
  const work = mkdtempSync(join(tmpdir(), `sigv4-kit-${prefix}-`));
  const stage = join(work, 'stage');
  cpSync(ROOT, stage, {
    recursive: true,
    filter: (source) => {
      const rel = source.slice(ROOT.length + 1);
      return !NOT_COPIED.has(rel.split('/')[0] ?? '') && rel !== 'docs/api' && !rel.endsWith('.tgz');
    },
  });
  symlinkSync(join(ROOT, 'node_modules'), join(stage, 'node_modules'), 'dir');
  run('npm', ['run', 'build', '--silent'], stage);
  const [pack] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], stage)) as Array<{ filename: string; files: Array<{ path: string }> }>;
  if (pack === undefined) throw new Error('npm pack printed no result');
  const tarball = join(work, basename(pack.filename));
  const consumer = join(work, 'consumer');
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  const installedWith = install(tarball, consumer);
  return { work, stage, tarball, files: pack.files.map((f) => f.path).sort(), consumer, installedWith };
}

/** Removes everything {@link packAndInstall} made. */
export function cleanUp(packed: Packed | undefined): void {
  if (packed) rmSync(packed.work, { recursive: true, force: true });
}
