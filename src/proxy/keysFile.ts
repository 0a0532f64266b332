/** The verifying proxy's keys: a JSON file mapping access key ids to secret keys, read again when it changes. */
import { readFile as fsReadFile, stat as fsStat } from 'node:fs/promises';
import type { VerifyCredentials } from '../verify/types.js';

/** The file operations {@link keysFromFile} uses; injected in tests. */
export interface KeysFileIo {
  /** Default: `fs.promises.readFile`. */
  readonly readFile?: ((path: string) => Promise<string | Uint8Array>) | undefined;
  /** Default: `fs.promises.stat`. What tells a changed file: modification time, size, inode. */
  readonly stat?: ((path: string) => Promise<{ readonly mtimeMs: number; readonly size: number; readonly ino?: number }>) | undefined;
  /** Told when the file cannot be read or parsed (never with its content). Default: `process.emitWarning`. */
  readonly warn?: ((message: string) => void) | undefined;
}

/** A key lookup for `withSigV4`'s `getCredentials`. */
export type KeyLookup = (accessKeyId: string) => Promise<VerifyCredentials | undefined>;

const isKeyMap = (value: unknown): value is Record<string, string> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string' && v !== '');

/**
 * Keys from `path`, a JSON object `{"AKID...": "secret", ...}`. The file is checked (stat) on each
 * lookup and read again when it changed, so keys are added and revoked without a restart. A file
 * that cannot be read or parsed fails closed: no key is known until it is fixed (a revoked key must
 * not survive a typo), and `warn` says why.
 * @example
 * const getCredentials = keysFromFile('/etc/sigv4/keys.json');
 * http.createServer(withSigV4({ getCredentials }, handler)).listen(3001, '127.0.0.1');
 */
export function keysFromFile(path: string, io: KeysFileIo = {}): KeyLookup {
  const readFile = io.readFile ?? ((p: string) => fsReadFile(p));
  const stat = io.stat ?? ((p: string) => fsStat(p));
  const warn = io.warn ?? ((m: string) => process.emitWarning(m, { code: 'SIGV4KIT_KEYS_FILE' }));
  let version: string | undefined;
  let keys = new Map<string, string>();
  let loading: Promise<void> | undefined;

  async function load(): Promise<void> {
    let seen: string;
    try {
      const s = await stat(path);
      seen = `${s.mtimeMs}:${s.size}:${s.ino ?? ''}`;
    } catch (error) {
      if (version !== 'missing') warn(`keys file ${path} cannot be read (${String((error as { code?: unknown }).code ?? 'error')}): no key is accepted`);
      version = 'missing';
      keys = new Map();
      return;
    }
    if (seen === version) return;
    version = seen;
    try {
      const content = await readFile(path);
      const parsed: unknown = JSON.parse(typeof content === 'string' ? content : new TextDecoder().decode(content));
      if (!isKeyMap(parsed)) throw new Error('not a JSON object of access key id to secret key strings');
      keys = new Map(Object.entries(parsed));
    } catch (error) {
      keys = new Map();
      warn(`keys file ${path} is not a JSON object of access key id to secret key (${error instanceof SyntaxError ? 'invalid JSON' : 'wrong shape'}): no key is accepted until it is fixed`);
    }
  }

  return async (accessKeyId) => {
    loading ??= load().finally(() => (loading = undefined));
    await loading;
    const secretAccessKey = keys.get(accessKeyId);
    return secretAccessKey === undefined ? undefined : { secretAccessKey };
  };
}
