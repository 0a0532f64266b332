/**
 * The Node defaults for the injected edges that need Node built-ins: files, processes, DNS.
 * Reached only through the `#io` subpath import's `node` condition (package.json "imports"), so the
 * portable entry never imports a built-in; elsewhere io.portable.ts stands in.
 *
 * The built-ins are loaded on first use, not at import: `node:child_process` and `node:dns` cost
 * about 3.5 ms of a cold start on Node 20, paid by every `import 'sigv4-kit'` that only signs.
 */
import { createRequire } from 'node:module';
import type { LookupFunction } from './metadata/containerUrl.js';
import type { SpawnFunction } from './profile/process.js';
import type { ReadFile } from './provider.js';

const load = createRequire(import.meta.url);

/** `fs.promises.readFile(path, 'utf8')`. */
export const readTextFile: ReadFile = (path) => (load('node:fs/promises') as typeof import('node:fs/promises')).readFile(path, 'utf8');

/** `child_process.spawn` (callers pass `shell: false`). */
export const spawnProcess: SpawnFunction = (command, args, options) =>
  (load('node:child_process') as typeof import('node:child_process')).spawn(command, [...args], options);

/** Every address `hostname` resolves to. */
export const lookupHost: LookupFunction = async (hostname) =>
  (await (load('node:dns/promises') as typeof import('node:dns/promises')).lookup(hostname, { all: true })).map((entry) => entry.address);
