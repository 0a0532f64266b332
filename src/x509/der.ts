/**
 * A minimal DER reader for what X.509 signing needs off Node (certificates and private keys for
 * WebCrypto). It follows fixed paths through the structure, never recurses on the input, reads each
 * byte at most a constant number of times, and refuses anything over {@link MAX_DER} bytes: hostile
 * input costs linear time and fails with a typed error.
 */
import { InvalidRequestError } from '../errors.js';

/** The largest DER input read (a certificate with a 16384-bit RSA key and long extensions fits). */
export const MAX_DER = 64 * 1024;

/** DER tags used here. */
export const TAG = { INTEGER: 0x02, BIT_STRING: 0x03, OCTET_STRING: 0x04, NULL: 0x05, OID: 0x06, UTC_TIME: 0x17, GENERALIZED_TIME: 0x18, SEQUENCE: 0x30, SET: 0x31 } as const;

/** One element: its tag and where its content lies in the input. */
export interface Tlv {
  readonly tag: number;
  /** Offset of the first content byte. */
  readonly start: number;
  /** Offset after the last content byte (also where the next element starts). */
  readonly end: number;
}

/** The error for malformed input; `what` names the input ("certificate", "private key"). */
export function malformed(what: string, detail: string): InvalidRequestError {
  return new InvalidRequestError('INVALID_OPTION', `${what} is not valid DER (${detail}): give the PEM text or DER bytes as your CA or openssl wrote them`);
}

/**
 * The element at `offset`, which must end by `limit`. Single-byte tags and definite lengths of up to
 * four octets only (DER forbids the indefinite form; X.509 needs no high tag numbers).
 */
export function readTlv(bytes: Uint8Array, offset: number, limit: number, what: string): Tlv {
  if (limit > bytes.length || bytes.length > MAX_DER) throw malformed(what, `over ${MAX_DER} bytes`);
  if (offset + 2 > limit) throw malformed(what, 'truncated');
  const tag = bytes[offset]!;
  if ((tag & 0x1f) === 0x1f) throw malformed(what, 'high tag number');
  let length = bytes[offset + 1]!;
  let start = offset + 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    if (octets === 0 || octets > 4) throw malformed(what, octets === 0 ? 'indefinite length' : 'length too large');
    if (start + octets > limit) throw malformed(what, 'truncated');
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + bytes[start + i]!;
    start += octets;
  }
  const end = start + length;
  if (end > limit) throw malformed(what, 'truncated');
  return { tag, start, end };
}

/** The element at `offset` within `parent`, which must have tag `tag`. */
export function expectTlv(bytes: Uint8Array, offset: number, parent: Tlv, tag: number, what: string, field: string): Tlv {
  const tlv = readTlv(bytes, offset, parent.end, what);
  if (tlv.tag !== tag) throw malformed(what, `${field}: expected tag 0x${tag.toString(16)}, got 0x${tlv.tag.toString(16)}`);
  return tlv;
}

/** The whole input as one element of tag `tag`, with nothing after it. */
export function readRoot(bytes: Uint8Array, tag: number, what: string): Tlv {
  const root = readTlv(bytes, 0, bytes.length, what);
  if (root.tag !== tag) throw malformed(what, `expected tag 0x${tag.toString(16)} at the start`);
  if (root.end !== bytes.length) throw malformed(what, 'trailing bytes');
  return root;
}

/** The children of a constructed element, in order (each read once). */
export function children(bytes: Uint8Array, parent: Tlv, what: string): Tlv[] {
  const out: Tlv[] = [];
  for (let at = parent.start; at < parent.end; ) {
    const tlv = readTlv(bytes, at, parent.end, what);
    out.push(tlv);
    at = tlv.end;
  }
  return out;
}

/** The content bytes of an element (a view, not a copy). */
export function content(bytes: Uint8Array, tlv: Tlv): Uint8Array {
  return bytes.subarray(tlv.start, tlv.end);
}

/** The bytes of the whole element, header included (a view). */
export function whole(bytes: Uint8Array, offset: number, tlv: Tlv): Uint8Array {
  return bytes.subarray(offset, tlv.end);
}

/** An OBJECT IDENTIFIER's content in dotted form. */
export function oidString(value: Uint8Array, what: string): string {
  if (value.length === 0 || value.length > 64) throw malformed(what, 'object identifier length');
  const parts: number[] = [];
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const b = value[i]!;
    if (n > 0x1ffffff) throw malformed(what, 'object identifier arc too large');
    n = n * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      if (parts.length === 0) parts.push(n < 80 ? Math.floor(n / 40) : 2, n < 80 ? n % 40 : n - 80);
      else parts.push(n);
      n = 0;
    } else if (i === value.length - 1) {
      throw malformed(what, 'truncated object identifier');
    }
  }
  return parts.join('.');
}

/** DER header for `length` content bytes of `tag`. */
function header(tag: number, length: number): number[] {
  if (length < 0x80) return [tag, length];
  const octets: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) octets.unshift(n & 0xff);
  return [tag, 0x80 | octets.length, ...octets];
}

/** Encodes one element from its content parts. */
export function encode(tag: number, ...parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  let length = 0;
  for (const p of parts) length += p.length;
  const head = header(tag, length);
  const out = new Uint8Array(head.length + length);
  out.set(head, 0);
  let at = head.length;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A DER INTEGER holding the unsigned big-endian `magnitude` (leading zeros dropped, a zero added before a high bit). */
export function unsignedInteger(magnitude: Uint8Array): Uint8Array<ArrayBuffer> {
  let i = 0;
  while (i < magnitude.length - 1 && magnitude[i] === 0) i++;
  const trimmed = magnitude.subarray(i);
  return trimmed[0]! & 0x80 ? encode(TAG.INTEGER, new Uint8Array([0]), trimmed) : encode(TAG.INTEGER, trimmed);
}

/** The content of a dotted OID (for the few this module writes). */
export function oidBytes(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  const out: number[] = [];
  const push = (n: number) => {
    const septets: number[] = [n & 0x7f];
    for (n = Math.floor(n / 128); n > 0; n = Math.floor(n / 128)) septets.unshift((n & 0x7f) | 0x80);
    out.push(...septets);
  };
  push(arcs[0]! * 40 + arcs[1]!);
  for (const arc of arcs.slice(2)) push(arc);
  return new Uint8Array(out);
}
