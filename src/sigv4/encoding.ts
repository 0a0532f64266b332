/** Percent-encoding as SigV4 defines it: only A-Z a-z 0-9 - _ . ~ stay literal, everything else is %XX (uppercase). */

const UNRESERVED = /^[A-Za-z0-9\-_.~]*$/;
const UNRESERVED_OR_SLASH = /^[A-Za-z0-9\-_.~/]*$/;
const HEX_UPPER: string[] = [];
// A plain loop, not Array.from with toString/padStart: this runs at import, on every cold start.
for (let i = 0; i < 256; i++) HEX_UPPER.push('%' + '0123456789ABCDEF'[i >> 4]! + '0123456789ABCDEF'[i & 15]!);

function isUnreservedByte(b: number): boolean {
  return (
    (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39) ||
    b === 0x2d || b === 0x5f || b === 0x2e || b === 0x7e
  );
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  return -1;
}

/** The UTF-8 %XX form of code point `cp`. A lone surrogate has no UTF-8 form; fetch and TextEncoder send U+FFFD (EF BF BD) in its place. */
function encodeCodePoint(cp: number): string {
  if (cp < 0x80) return HEX_UPPER[cp]!;
  if (cp < 0x800) return HEX_UPPER[0xc0 | (cp >> 6)]! + HEX_UPPER[0x80 | (cp & 0x3f)]!;
  if (cp >= 0xd800 && cp <= 0xdfff) return '%EF%BF%BD';
  if (cp < 0x10000) return HEX_UPPER[0xe0 | (cp >> 12)]! + HEX_UPPER[0x80 | ((cp >> 6) & 0x3f)]! + HEX_UPPER[0x80 | (cp & 0x3f)]!;
  return (
    HEX_UPPER[0xf0 | (cp >> 18)]! + HEX_UPPER[0x80 | ((cp >> 12) & 0x3f)]! +
    HEX_UPPER[0x80 | ((cp >> 6) & 0x3f)]! + HEX_UPPER[0x80 | (cp & 0x3f)]!
  );
}

/**
 * Encodes a decoded string (UTF-8) for the canonical request. `keepSlash` leaves `/` literal (paths).
 * @example uriEncode("a b/c*") === "a%20b%2Fc%2A"
 */
export function uriEncode(text: string, keepSlash = false): string {
  if ((keepSlash ? UNRESERVED_OR_SLASH : UNRESERVED).test(text)) return text;
  // Runs of literal characters are copied as slices, not one by one (this is on every presign's credential).
  let out = '';
  let literalFrom = 0;
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (c < 0x80 && (isUnreservedByte(c) || (keepSlash && c === 0x2f))) {
      i++;
      continue;
    }
    const cp = text.codePointAt(i)!;
    out += text.slice(literalFrom, i) + encodeCodePoint(cp);
    i += cp > 0xffff ? 2 : 1;
    literalFrom = i;
  }
  return out + text.slice(literalFrom);
}

/**
 * Re-encodes a component as it appears on the wire: `%XX` escapes are decoded to their byte and raw
 * characters to their UTF-8 bytes, then every byte is written in canonical form. A `%` not followed by
 * two hex digits is a literal percent sign. `keepSlash` leaves `/` (literal or `%2F`) as `/`.
 * @example canonicalizeWire("a%2fb+c%7E") === "a%2Fb%2Bc~"
 */
export function canonicalizeWire(text: string, keepSlash = false): string {
  if ((keepSlash ? UNRESERVED_OR_SLASH : UNRESERVED).test(text)) return text;
  let out = '';
  let literalFrom = 0;
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (c < 0x80 && (isUnreservedByte(c) || (keepSlash && c === 0x2f))) {
      i++;
      continue;
    }
    out += text.slice(literalFrom, i);
    if (c === 0x25 && i + 2 < text.length && hexValue(text.charCodeAt(i + 1)) >= 0 && hexValue(text.charCodeAt(i + 2)) >= 0) {
      const b = (hexValue(text.charCodeAt(i + 1)) << 4) | hexValue(text.charCodeAt(i + 2));
      out += isUnreservedByte(b) || (keepSlash && b === 0x2f) ? String.fromCharCode(b) : HEX_UPPER[b]!;
      i += 3;
    } else {
      const cp = text.codePointAt(i)!;
      out += encodeCodePoint(cp);
      i += cp > 0xffff ? 2 : 1;
    }
    literalFrom = i;
  }
  return out + text.slice(literalFrom);
}
