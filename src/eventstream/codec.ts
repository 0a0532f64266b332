/**
 * The AWS event-stream binary format (application/vnd.amazon.eventstream): typed headers and the
 * framed message `total length | headers length | prelude CRC32 | headers | payload | message CRC32`,
 * all big-endian. Needed to sign (`:date` is hashed in this encoding) and to send signed messages.
 */
import { crc32 } from '../crypto/crc32.js';
import { InvalidRequestError } from '../errors.js';
import { utf8 } from '../crypto/hash.js';

/** A typed header value, the way @smithy/eventstream-codec spells them (`long` is a bigint here). */
export type EventHeaderValue =
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'byte'; readonly value: number }
  | { readonly type: 'short'; readonly value: number }
  | { readonly type: 'integer'; readonly value: number }
  | { readonly type: 'long'; readonly value: bigint }
  | { readonly type: 'binary'; readonly value: Uint8Array }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'timestamp'; readonly value: Date }
  | { readonly type: 'uuid'; readonly value: string };

/** Headers in the order they are encoded. */
export type EventHeaders = Readonly<Record<string, EventHeaderValue>>;

/** An event-stream message. */
export interface EventStreamMessage {
  readonly headers: EventHeaders;
  readonly body: Uint8Array;
}

// AWS's limits for one message.
const MAX_HEADERS = 128 * 1024;
const MAX_PAYLOAD = 16 * 1024 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INT_RANGE = { byte: [-128, 127], short: [-32768, 32767], integer: [-2147483648, 2147483647] } as const;

function bad(name: string, what: string): InvalidRequestError {
  return new InvalidRequestError('INVALID_HEADER_VALUE', `event header ${JSON.stringify(name)}: ${what}`);
}

function fixed(type: number, size: number, write: (view: DataView) => void): Uint8Array {
  const out = new Uint8Array(1 + size);
  out[0] = type;
  write(new DataView(out.buffer, 1));
  return out;
}

function lengthPrefixed(name: string, type: number, bytes: Uint8Array): Uint8Array {
  if (bytes.length > 0xffff) throw bad(name, 'value longer than 65535 bytes');
  const out = new Uint8Array(3 + bytes.length);
  out[0] = type;
  new DataView(out.buffer).setUint16(1, bytes.length);
  out.set(bytes, 3);
  return out;
}

function encodeValue(name: string, header: EventHeaderValue): Uint8Array {
  const { type, value } = header ?? ({} as EventHeaderValue);
  switch (type) {
    case 'boolean':
      return Uint8Array.of(value ? 0 : 1);
    case 'byte':
    case 'short':
    case 'integer': {
      const [min, max] = INT_RANGE[type];
      if (!Number.isInteger(value) || value < min || value > max) throw bad(name, `${type} out of range`);
      if (type === 'byte') return Uint8Array.of(2, value & 0xff);
      return type === 'short' ? fixed(3, 2, (v) => v.setInt16(0, value)) : fixed(4, 4, (v) => v.setInt32(0, value));
    }
    case 'long':
      if (typeof value !== 'bigint' || value !== BigInt.asIntN(64, value)) throw bad(name, 'long must be a bigint in int64 range');
      return fixed(5, 8, (v) => v.setBigInt64(0, value));
    case 'binary':
      if (!(value instanceof Uint8Array)) throw bad(name, 'binary must be a Uint8Array');
      return lengthPrefixed(name, 6, value);
    case 'string':
      if (typeof value !== 'string') throw bad(name, 'string must be a string');
      return lengthPrefixed(name, 7, utf8(value));
    case 'timestamp':
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw bad(name, 'timestamp must be a valid Date');
      return fixed(8, 8, (v) => v.setBigInt64(0, BigInt(value.getTime())));
    case 'uuid':
      if (typeof value !== 'string' || !UUID.test(value)) throw bad(name, 'uuid must be 8-4-4-4-12 hex');
      return Uint8Array.of(9, ...value.replace(/-/g, '').match(/../g)!.map((h) => parseInt(h, 16)));
    default:
      throw bad(name, 'unknown type');
  }
}

/** The headers block: per header, name length (1 byte), name, type (1 byte), value. */
export function encodeEventHeaders(headers: EventHeaders): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [name, header] of Object.entries(headers)) {
    const bytes = utf8(name);
    if (bytes.length === 0 || bytes.length > 255) throw new InvalidRequestError('INVALID_HEADER_NAME', 'event header names are 1 to 255 bytes');
    parts.push(Uint8Array.of(bytes.length), bytes, encodeValue(name, header));
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
}

/**
 * One framed message, CRCs included.
 * @example
 * const frame = encodeEventStreamMessage({ headers: { ':event-type': { type: 'string', value: 'AudioEvent' } }, body: pcm });
 * @throws {InvalidRequestError} for bad header names or values, headers over 128 KiB or a payload over 16 MiB.
 */
export function encodeEventStreamMessage(message: EventStreamMessage): Uint8Array {
  const headers = encodeEventHeaders(message.headers);
  const { body } = message;
  if (!(body instanceof Uint8Array) || body.length > MAX_PAYLOAD || headers.length > MAX_HEADERS) {
    throw new InvalidRequestError('INVALID_BODY', 'an event-stream message has a Uint8Array body of at most 16 MiB and at most 128 KiB of headers');
  }
  const length = 16 + headers.length + body.length;
  const out = new Uint8Array(length);
  const view = new DataView(out.buffer);
  view.setUint32(0, length);
  view.setUint32(4, headers.length);
  view.setUint32(8, crc32(0, out.subarray(0, 8)));
  out.set(headers, 12);
  out.set(body, 12 + headers.length);
  view.setUint32(length - 4, crc32(0, out.subarray(0, length - 4)));
  return out;
}
