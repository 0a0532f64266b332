/** Command-line parsing for `sigv4`: node:util's parseArgs, with one-line errors. */
import { parseArgs } from 'node:util';

/** A wrong command line: printed as one line, exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Option table in parseArgs' format. */
export type OptionTable = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

/** Parsed flags: strings, booleans, or string lists for `multiple` options. */
export type Flags = Record<string, string | boolean | string[] | undefined>;

/** parseArgs' messages, shortened to what a user needs on one line. */
function oneLine(error: unknown, command: string): string {
  const e = error as { code?: string; message?: string };
  const message = e.message ?? String(error);
  const quoted = /'([^']+)'/.exec(message)?.[1];
  const help = `(see sigv4 ${command} --help)`;
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && quoted) return `unknown option ${quoted} ${help}`;
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && quoted) return `option ${quoted.split(',').pop()?.trim().split(' ')[0] ?? quoted} needs a value ${help}`;
  return `${message.split('. ')[0]?.replace(/\.$/, '') ?? message} ${help}`;
}

/**
 * Parses `argv` against `options` (plus `-h/--help`), allowing positionals.
 * @throws {UsageError} on an unknown option, a missing value, or more positionals than `maxPositionals`.
 */
export function parseCommand(command: string, argv: readonly string[], options: OptionTable, maxPositionals: number): { flags: Flags; positionals: string[] } {
  let parsed: { values: Flags; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (error) {
    throw new UsageError(oneLine(error, command));
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new UsageError(`unexpected argument ${JSON.stringify(parsed.positionals[maxPositionals])} (see sigv4 ${command} --help)`);
  }
  return { flags: parsed.values, positionals: parsed.positionals };
}

/** A string flag's value, or undefined. */
export function stringFlag(flags: Flags, name: string): string | undefined {
  const value = flags[name];
  return typeof value === 'string' ? value : undefined;
}

// CR, LF and NUL would split or end the header on the wire; fetch cannot send code points above U+00FF.
const BAD_VALUE = /[\r\n\0\u0100-\uffff]/;

/**
 * `-H 'Name: value'` lines as pairs. A value fetch would refuse is refused here, on one line and
 * without the value (it may be a secret): fetch's own error prints it, over two lines.
 */
export function parseHeaderFlags(lines: readonly string[]): Array<[string, string]> {
  return lines.map((line) => {
    const colon = line.indexOf(':');
    const name = colon < 0 ? '' : line.slice(0, colon).trim();
    if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) throw new UsageError(`-H needs 'Name: value', got ${JSON.stringify(colon < 0 ? line : line.slice(0, colon))}`);
    const value = line.slice(colon + 1).trim();
    if (BAD_VALUE.test(value)) throw new UsageError(`-H ${name}: the value must be one line, without CR, LF, NUL or characters above U+00FF (value not shown)`);
    return [name, value];
  });
}
