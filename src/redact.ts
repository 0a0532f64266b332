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

/**
 * `text` percent-encoded as SigV4 writes it (unreserved characters kept, every other UTF-8 byte as
 * `%XX`, a lone surrogate as U+FFFD's). sigv4/encoding.ts's uriEncode, restated here: this
 * module is below sigv4/ in the layers (scripts/check-layout.mjs), and only errors call it.
 */
function sigV4Encode(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; ) {
    const raw = text.codePointAt(i)!;
    i += raw > 0xffff ? 2 : 1;
    const cp = raw >= 0xd800 && raw <= 0xdfff ? 0xfffd : raw;
    if (cp < 0x80 && /^[A-Za-z0-9._~-]$/.test(String.fromCharCode(cp))) {
      out += String.fromCharCode(cp);
      continue;
    }
    const bytes =
      cp < 0x80 ? [cp]
      : cp < 0x800 ? [0xc0 | (cp >> 6), 0x80 | (cp & 0x3f)]
      : cp < 0x10000 ? [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)]
      : [0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)];
    for (const b of bytes) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * Every spelling of `secret` a server may echo back: raw; percent-encoded as SigV4, as
 * `encodeURIComponent` and as forms write it (`+` for a space); encoded twice (a canonical
 * path). The hex digits of each `%XX` match in either case (`%2F` and `%2f`).
 */
function secretPattern(secret: string): RegExp {
  const encoded = sigV4Encode(secret);
  const spellings = new Set([secret, encoded, encoded.replace(/%20/g, '+'), sigV4Encode(encoded)]);
  try {
    const component = encodeURIComponent(secret);
    spellings.add(component).add(component.replace(/%20/g, '+'));
  } catch {
    // A lone surrogate: no URI component spelling exists.
  }
  const alternatives = [...spellings]
    .sort((a, b) => b.length - a.length)
    .map((text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%([0-9A-F])([0-9A-F])/g, (_m, a: string, b: string) => `%[${a}${a.toLowerCase()}][${b}${b.toLowerCase()}]`));
  return new RegExp(alternatives.join('|'), 'g');
}

/**
 * `text` with every spelling of each secret (raw, percent-encoded in any hex case, form-encoded,
 * encoded twice) replaced by {@link REDACTED}. Empty secrets are ignored.
 * @example scrubSecrets('echo: a%2fb', ['a/b']) // 'echo: [redacted]'
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.replace(secretPattern(secret), REDACTED);
  return out;
}

/**
 * Scrubs `secrets` from every string field of `error` and of its `cause` chain, in place: the
 * message, the stack, and each own field (AWS codes, request ids, stderr, lists of strings).
 * Returns `error`. For errors built from a server's answer, which may echo what it was sent.
 * @example throw scrubError(error, [token]);
 */
export function scrubError<E>(error: E, secrets: readonly string[]): E {
  if (!secrets.some((s) => s !== '')) return error;
  const seen = new Set<object>();
  for (let e: unknown = error, depth = 0; e !== null && typeof e === 'object' && depth < 8 && !seen.has(e); e = (e as { cause?: unknown }).cause, depth++) {
    seen.add(e);
    for (const name of Object.getOwnPropertyNames(e)) scrubField(e as Record<string, unknown>, name, secrets);
  }
  return error;
}

function scrubField(target: Record<string, unknown>, name: string, secrets: readonly string[]): void {
  const descriptor = Object.getOwnPropertyDescriptor(target, name);
  if (descriptor === undefined) return;
  if (!('value' in descriptor)) {
    // Some engines make `stack` an accessor pair; it repeats the message, so it is scrubbed too.
    if (name === 'stack' && descriptor.get && descriptor.set && typeof target[name] === 'string') target[name] = scrubSecrets(target[name], secrets);
    return;
  }
  const value: unknown = descriptor.value;
  let next: unknown = value;
  if (typeof value === 'string') next = scrubSecrets(value, secrets);
  else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    const items = (value as string[]).map((v) => scrubSecrets(v, secrets));
    next = items.some((v, i) => v !== value[i]) ? (Object.isFrozen(value) ? Object.freeze(items) : items) : value;
  }
  if (next === value) return;
  if (descriptor.writable) target[name] = next;
  else if (descriptor.configurable) Object.defineProperty(target, name, { ...descriptor, value: next });
}
