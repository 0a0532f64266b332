/**
 * Splits a `credential_process` command line into argv, so it can run without a shell (no
 * globbing, no `$VAR`, no `;` chaining). POSIX quoting as Python's `shlex.split` does it (what
 * botocore uses; inside double quotes only `\"` and `\\` escape); Windows rules on win32, where
 * backslashes are path separators and only `\"` escapes.
 */
import { ProviderError } from '../../errors.js';

/**
 * Splits `command` into words.
 * @throws {ProviderError} `PROCESS_FAILED` on an unterminated quote or an empty command.
 */
export function splitCommand(command: string, platform: string = globalThis.process?.platform ?? 'linux'): string[] {
  const windows = platform === 'win32';
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < command.length; i++) {
    const c = command.charAt(i);
    const next = command.charAt(i + 1);
    if (quote === "'" ) {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (c === '\\' && next === '' && !windows) {
      throw new ProviderError('PROCESS_FAILED', 'credential_process ends with a lone backslash');
    } else if (c === '\\' && (windows ? next === '"' : quote === undefined || next === '"' || next === '\\') && next !== '') {
      word += next;
      i++;
    } else if (c === '"') {
      quote = quote === '"' ? undefined : '"';
      inWord = true;
    } else if (quote === undefined && c === "'" && !windows) {
      quote = "'";
      inWord = true;
    } else if (quote === undefined && /\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
    if (c === '\\') inWord = true;
  }
  if (quote !== undefined) throw new ProviderError('PROCESS_FAILED', `credential_process has an unterminated ${quote} quote`);
  if (inWord) words.push(word);
  if (words.length === 0) throw new ProviderError('PROCESS_FAILED', 'credential_process is empty');
  return words;
}
