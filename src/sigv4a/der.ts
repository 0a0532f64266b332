/**
 * The wire forms of SigV4a values: signatures are hex of a DER `SEQUENCE { INTEGER r, INTEGER s }`
 * (so 140-144 hex characters), keys and coordinates are 32-byte big-endian hex.
 */
import { N } from './p256.js';

const HEX = /^(?:[0-9a-fA-F]{2})+$/;

/** Bytes of an even-length hex string, or undefined when it is not hex. */
export function fromHex(hex: string): Uint8Array | undefined {
  if (typeof hex !== 'string' || !HEX.test(hex)) return undefined;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Unsigned big-endian integer of `bytes`. */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

/** 32-byte big-endian lowercase hex of 0 <= value < 2^256. */
export function toHex32(value: bigint): string {
  return value.toString(16).padStart(64, '0');
}

/** 32 big-endian bytes of 0 <= value < 2^256. */
export function toBytes32(value: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let v = value;
  for (let i = 31; i >= 0; i--, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
}

function derInteger(value: bigint): string {
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  // A set high bit would read as negative: DER prepends a zero byte.
  if (parseInt(hex.slice(0, 2), 16) >= 0x80) hex = `00${hex}`;
  return `02${(hex.length / 2).toString(16).padStart(2, '0')}${hex}`;
}

/** Lowercase hex DER of an ECDSA signature. */
export function encodeDerSignature(r: bigint, s: bigint): string {
  const body = derInteger(r) + derInteger(s);
  return `30${(body.length / 2).toString(16).padStart(2, '0')}${body}`;
}

function readInteger(der: Uint8Array, at: number): { value: bigint; next: number } | undefined {
  if (der[at] !== 0x02) return undefined;
  const length = der[at + 1] ?? 0;
  const start = at + 2;
  if (length < 1 || length > 33 || start + length > der.length) return undefined;
  const first = der[start]!;
  // Strict DER: no negative numbers, no superfluous leading zero.
  if (first >= 0x80) return undefined;
  if (first === 0 && (length === 1 || der[start + 1]! < 0x80)) return undefined;
  return { value: bytesToBigInt(der.subarray(start, start + length)), next: start + length };
}

/** (r, s) of a strict-DER ECDSA P-256 signature with both values in [1, n-1], or undefined. */
export function decodeDerSignature(der: Uint8Array): { r: bigint; s: bigint } | undefined {
  if (der.length < 8 || der[0] !== 0x30 || der[1] !== der.length - 2) return undefined;
  const r = readInteger(der, 2);
  if (r === undefined) return undefined;
  const s = readInteger(der, r.next);
  if (s === undefined || s.next !== der.length) return undefined;
  if (r.value < 1n || r.value >= N || s.value < 1n || s.value >= N) return undefined;
  return { r: r.value, s: s.value };
}
