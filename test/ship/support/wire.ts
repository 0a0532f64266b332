/**
 * Vector cases as plain JSON, for running them in another realm (a Chromium page, a bare V8 context).
 * Dates and byte arrays are tagged so the runner rebuilds them with *its* realm's Date and Uint8Array:
 * objects from another realm fail the signer's `instanceof` checks.
 */

/** A JSON value in which `{ $date }` and `{ $bytes }` stand for a Date and a Uint8Array. */
export type Wire = null | boolean | number | string | Wire[] | { [key: string]: Wire };

/** `value` as {@link Wire}; `undefined` properties are dropped, as JSON would. */
export function toWire(value: unknown): Wire {
  if (value instanceof Date) return { $date: value.toISOString() };
  if (value instanceof Uint8Array) return { $bytes: Array.from(value) };
  if (Array.isArray(value)) return value.map(toWire);
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: Wire } = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = toWire(item);
    return out;
  }
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') {
    throw new TypeError(`cannot send ${typeof value} across realms`);
  }
  return value as Wire;
}

/** The inverse of {@link toWire}, in the calling realm. */
export function fromWire(value: Wire): unknown {
  if (Array.isArray(value)) return value.map(fromWire);
  if (value !== null && typeof value === 'object') {
    const date = value['$date'];
    if (typeof date === 'string') return new Date(date);
    const bytes = value['$bytes'];
    if (Array.isArray(bytes)) return Uint8Array.from(bytes as number[]);
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fromWire(item)]));
  }
  return value;
}
