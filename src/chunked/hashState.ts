/** The incremental hash shape the `#checksum` backends implement, declared apart so no import cycle runs through the map. */

/** An incremental SHA-1 or SHA-256. */
export interface HashState {
  update(data: Uint8Array): void;
  digest(): Uint8Array;
}
