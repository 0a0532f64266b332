/** Keeping secrets out of JSON.stringify, util.inspect and messages. */

/** The same symbol as `util.inspect.custom`, without importing `node:util` (browsers, workers). */
export const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** Marker that replaces a secret wherever one would be printed. */
export const REDACTED = '[redacted]';

/** `AKIA...MPLE`: enough to tell keys apart in logs, not enough to use. */
export function maskAccessKeyId(accessKeyId: string): string {
  return accessKeyId.length <= 8 ? '****' : `${accessKeyId.slice(0, 4)}...${accessKeyId.slice(-4)}`;
}

function scrub(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') {
    let out = value;
    for (const secret of secrets) if (secret) out = out.split(secret).join(REDACTED);
    return out;
  }
  if (value instanceof Date || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, secrets));
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) copy[k] = scrub(v, secrets);
  return copy;
}

/**
 * Makes `target` print with every occurrence of `secrets` replaced by {@link REDACTED} in
 * `JSON.stringify` and `util.inspect` (non-enumerable hooks, so spreading and field access are
 * unchanged). Returns `target`.
 */
export function hideSecrets<T extends object>(target: T, secrets: readonly string[], label: string): T {
  const safe = (): unknown => scrub({ ...target }, secrets);
  Object.defineProperty(target, 'toJSON', { value: safe, enumerable: false });
  Object.defineProperty(target, INSPECT, {
    value: (_depth: number, options: unknown, inspect?: (v: unknown, o: unknown) => string) =>
      `${label} ${inspect ? inspect(safe(), options) : JSON.stringify(safe())}`,
    enumerable: false,
  });
  return target;
}
