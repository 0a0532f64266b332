/** The process-spawning shape of `#io`, apart from credentials/io.ts because it needs Node's types (only `sigv4-kit/node` reaches it). */
import type { ChildProcess, SpawnOptions } from 'node:child_process';

/** The part of `child_process.spawn` used here (it is the default). */
export type SpawnFunction = (command: string, args: readonly string[], options: SpawnOptions) => ChildProcess;
