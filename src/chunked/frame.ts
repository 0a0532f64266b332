/**
 * The bytes of one aws-chunked frame: chunk header line (with its signature), the data as views of
 * the source's pieces, the final chunk and the trailer.
 */
import { createHashState } from '#checksum';
import { resolveCrypto } from '../crypto/backend.js';
import type { Checksum } from './checksum.js';
import type { ChunkedLayout } from './layout.js';
import type { ChunkSigner } from './signChain.js';
import { toHex } from '../crypto/hash.js';
import { EMPTY_SHA256 } from '../sigv4/payloadHash.js';
import type { Sha256Function } from '../sigv4/types.js';

/** What the encoder knows before the first byte: layout, declared length, signer, chunk hasher. */
export interface Plan {
  readonly layout: ChunkedLayout;
  readonly decodedLength: number;
  readonly signer: ChunkSigner | undefined;
  readonly hash: (parts: readonly Uint8Array[], size: number) => string;
  /** The caller's choice of a trailer checksum on a worker thread (`ChunkedBodyParams.offload`). */
  readonly offload?: boolean | undefined;
}

function ascii(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

// More parts than this (a source of small pieces) are gathered into one buffer, so the consumer gets few pieces.
const MAX_PARTS = 16;

/** `parts` joined into one buffer of `size` bytes. */
export function concat(parts: readonly Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** SHA-256 of a chunk's parts: one-shot for one part, incremental otherwise (an injected SHA-256 is one-shot only). */
export function partsHasher(sha256: Sha256Function | undefined): (parts: readonly Uint8Array[], size: number) => string {
  const crypto = resolveCrypto(sha256);
  return (parts, size) => {
    if (parts.length === 1) return crypto.sha256Hex(parts[0]!);
    if (sha256 !== undefined) return crypto.sha256Hex(concat(parts, size));
    const hash = createHashState('sha256');
    for (const part of parts) hash.update(part);
    return toHex(hash.digest());
  };
}

function chunkHeader(p: Plan, size: number, hash: () => string): string {
  return p.signer === undefined ? `${size.toString(16)}\r\n` : `${size.toString(16)};chunk-signature=${p.signer.signChunkHash(hash()).signature}\r\n`;
}

/**
 * One chunk as [header, ...data]. The data goes out as views of the source's pieces: no copy and no
 * allocation (a fresh 64 KiB buffer per chunk costs about half as much as hashing it). `lead` is
 * the CRLF that ends the previous chunk's data.
 */
export function frameChunk(p: Plan, parts: readonly Uint8Array[], size: number, lead: string, checksum: Checksum | undefined): Uint8Array[] {
  const data = parts.length <= MAX_PARTS ? parts : [concat(parts, size)];
  if (checksum !== undefined) for (const part of data) checksum.update(part);
  return [ascii(lead + chunkHeader(p, size, () => p.hash(data, size))), ...data];
}

export function finalChunk(p: Plan, checksum: Checksum | undefined, lead: string): Uint8Array {
  let text = lead + chunkHeader(p, 0, () => EMPTY_SHA256);
  if (checksum !== undefined) {
    const trailer = [checksum.headerName, checksum.digest()] as const;
    text += `${trailer[0]}:${trailer[1]}\r\n`;
    if (p.signer !== undefined) text += `x-amz-trailer-signature:${p.signer.signTrailer([trailer]).signature}\r\n`;
  }
  return ascii(`${text}\r\n`);
}
