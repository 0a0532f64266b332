/** Asserts that none of `secrets` shows in how `value` prints: String(), JSON.stringify and util.inspect. */
import { inspect } from 'node:util';
import { expect } from 'vitest';

export function expectNoSecrets(value: unknown, secrets: readonly string[]): void {
  const text = `${String(value)} ${JSON.stringify(value)} ${inspect(value, { depth: 5 })}`;
  for (const secret of secrets) expect(text).not.toContain(secret);
}
