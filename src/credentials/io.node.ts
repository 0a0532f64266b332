/**
 * The Node defaults for the injected edges that need Node built-ins: files, processes, DNS.
 * Reached only through the `#io` subpath import's `node` condition (package.json "imports"), so the
 * portable entry never imports a built-in; elsewhere io.portable.ts stands in.
 */
import { spawn } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { readFile } from 'node:fs/promises';
import type { LookupFunction } from './containerUrl.js';
import type { SpawnFunction } from './process.js';
import type { ReadFile } from './provider.js';

/** `fs.promises.readFile(path, 'utf8')`. */
export const readTextFile: ReadFile = (path) => readFile(path, 'utf8');

/** `child_process.spawn` (callers pass `shell: false`). */
export const spawnProcess: SpawnFunction = (command, args, options) => spawn(command, [...args], options);

/** Every address `hostname` resolves to. */
export const lookupHost: LookupFunction = async (hostname) => (await lookup(hostname, { all: true })).map((entry) => entry.address);
