/**
 * The shapes of the platform I/O the providers use (`#io`: io.node.ts on Node, io.portable.ts
 * elsewhere). Declared here, below both implementations and their users, so no import cycle runs
 * through the `#io` map.
 */
import type { ChildProcess, SpawnOptions } from 'node:child_process';

/** Reads a UTF-8 text file. Must reject with an error whose `code` is `'ENOENT'` when the file does not exist. */
export type ReadFile = (path: string) => Promise<string>;

/** Resolves a host name to its addresses (default: `dns.promises.lookup(host, { all: true })`). */
export type LookupFunction = (hostname: string) => Promise<readonly string[]>;

/** The part of `child_process.spawn` used here (it is the default). */
export type SpawnFunction = (command: string, args: readonly string[], options: SpawnOptions) => ChildProcess;

/**
 * Replaces a file with `text` so that only its owner can read or write it (the SSO and `aws login`
 * caches hold refresh tokens and private keys). The Node default writes a mode-0600 temporary file
 * and renames it over the old one.
 */
export type WritePrivateFile = (path: string, text: string) => Promise<void>;
