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
 * A prototype whose `toJSON` and `util.inspect` hooks print the object with every occurrence of
 * `secrets` replaced by {@link REDACTED}. The hooks live on the prototype, not on the object, so
 * own keys stay exactly the data: `fetch` and `new Headers()` read every own key, symbols included.
 */
export function redactingPrototype(secrets: readonly string[], label: string): object {
  function safe(this: object): unknown {
    return scrub({ ...this }, secrets);
  }
  return Object.create(Object.prototype, {
    toJSON: { value: safe },
    [INSPECT]: {
      value(this: object, _depth: number, options: unknown, inspect?: (v: unknown, o: unknown) => string) {
        return `${label} ${inspect ? inspect(safe.call(this), options) : JSON.stringify(safe.call(this))}`;
      },
    },
  }) as object;
}

/** `fields` copied onto a new object with `prototype` (defaults to a plain object); `__proto__` stays an ordinary key. */
export function copyOnto<T extends object>(fields: Iterable<readonly [string, unknown]>, prototype?: object): T {
  const out = (prototype ? Object.create(prototype) : {}) as Record<string, unknown>;
  for (const [key, value] of fields) setOwn(out, key, value);
  return out as T;
}

/** `record[key] = value`, except that a `__proto__` key becomes an ordinary own property, not the prototype. */
export function setOwn(record: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}
