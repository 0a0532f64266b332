/**
 * The shapes of the platform I/O the providers use (`#io`: io.node.ts on Node, io.portable.ts
 * elsewhere). Declared here, below both implementations and their users, so no import cycle runs
 * through the `#io` map. No Node types here: the main entry's declarations reach this file
 * (`SpawnFunction`, which needs them, is in profile/spawn.ts).
 */

/** Reads a UTF-8 text file. Must reject with an error whose `code` is `'ENOENT'` when the file does not exist. */
export type ReadFile = (path: string) => Promise<string>;

/** Resolves a host name to its addresses (default: `dns.promises.lookup(host, { all: true })`). */
export type LookupFunction = (hostname: string) => Promise<readonly string[]>;

/**
 * Replaces a file with `text` so that only its owner can read or write it (the SSO and `aws login`
 * caches hold refresh tokens and private keys). The Node default writes a mode-0600 temporary file
 * and renames it over the old one.
 */
export type WritePrivateFile = (path: string, text: string) => Promise<void>;
