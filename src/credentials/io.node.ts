/**
 * The Node defaults for the injected edges that need Node built-ins: files, processes, DNS.
 * Reached only through the `#io` subpath import's `node` condition (package.json "imports"), so the
 * portable entry never imports a built-in; elsewhere io.portable.ts stands in.
 *
 * The built-ins are loaded on first use, not at import: `node:child_process` and `node:dns` cost
 * about 3.5 ms of a cold start on Node 20, paid by every `import 'sigv4-kit'` that only signs.
 */
import { createRequire } from 'node:module';
import type { LookupFunction, ReadFile, WritePrivateFile } from './io.js';
import type { SpawnFunction } from './profile/spawn.js';

const load = createRequire(import.meta.url);

/** `fs.promises.readFile(path, 'utf8')`. */
export const readTextFile: ReadFile = (path) => (load('node:fs/promises') as typeof import('node:fs/promises')).readFile(path, 'utf8');

/** `child_process.spawn` (callers pass `shell: false`). */
export const spawnProcess: SpawnFunction = (command, args, options) =>
  (load('node:child_process') as typeof import('node:child_process')).spawn(command, [...args], options);

/** Every address `hostname` resolves to. */
export const lookupHost: LookupFunction = async (hostname) =>
  (await (load('node:dns/promises') as typeof import('node:dns/promises')).lookup(hostname, { all: true })).map((entry) => entry.address);

/**
 * Replaces `path` atomically with `text`, mode 0600: the directory is created (0700) if missing, the
 * text goes to a temporary file opened with mode 0600 next to it, is flushed to disk, and renamed over
 * `path`. A reader sees the old file or the new one, never a partial one; a crash leaves at most a
 * stray `*.tmp`. (`fs.writeFile` + rename would give 0644 under the usual umask: token caches hold
 * refresh tokens and private keys.)
 */
export const writePrivateFile: WritePrivateFile = async (path, text) => {
  const fs = load('node:fs/promises') as typeof import('node:fs/promises');
  const { dirname } = load('node:path') as typeof import('node:path');
  const { randomBytes } = load('node:crypto') as typeof import('node:crypto');
  const directory = dirname(path);
  await fs.mkdir(directory, { recursive: true, mode: 0o700 });
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await fs.open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    // The mode given to open is masked by the umask, which can only clear bits: set it exactly anyway.
    await fs.chmod(temporary, 0o600);
    await fs.rename(temporary, path);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
};

/** `node:crypto`, loaded on first use (SSO cache names, the `aws login` DPoP signature). */
export const loadNodeCrypto = (): typeof import('node:crypto') => load('node:crypto') as typeof import('node:crypto');
