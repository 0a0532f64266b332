/**
 * The trailer checksum as the encoder uses it: a {@link Checksum} that may be computed on another thread
 * (chunked/offload.node.ts) and so needs the encoder to wait for room between chunks and for the result
 * before the trailer. Off Node every trailer checksum is computed in the encoder's thread
 * (chunked/offload.portable.ts), and these hooks are absent.
 */
import type { Checksum } from './checksum.js';

/** A trailer checksum with the hooks of an offloaded one. */
export interface TrailerChecksum extends Checksum {
  /** Before each chunk: undefined when a chunk can be taken now, else a promise that resolves when it can. */
  room?(): Promise<void> | undefined;
  /** After the last chunk, before `digest()`: resolves once every byte is counted. */
  settle?(): Promise<void>;
  /** The encoder is done, or stopped early: releases what the checksum holds. */
  close?(): void;
}

/** What the encoder asks for: the checksum of the trailer of a body of `decodedLength` bytes in chunks of `chunkSize`. */
export interface TrailerRequest {
  readonly decodedLength: number;
  readonly chunkSize: number;
  /** `true`: on another thread whatever the size; `false`: in this thread; undefined: as the runtime sees fit. */
  readonly offload: boolean | undefined;
}
