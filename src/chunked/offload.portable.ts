/** Trailer checksums without worker threads: computed in the encoder's thread (see offload.node.ts for Node). */
import { type ChecksumAlgorithm, createChecksum } from './checksum.js';
import type { TrailerChecksum, TrailerRequest } from './offload.js';

/** A fresh trailer checksum, computed as the chunks go by. */
export function trailerChecksum(algorithm: ChecksumAlgorithm, _request: TrailerRequest): TrailerChecksum {
  return createChecksum(algorithm);
}
