/**
 * `sigv4-kit/chunked`: aws-chunked upload encoding (S3 streaming uploads: a signature per chunk,
 * trailing checksums). Its own entry so that no bundle of `signRequest` carries it.
 * @module
 */
export { encodeChunkedBody, toReadableStream, type ByteSource, type ChunkedSeed, type ChunkedBodyParams } from './chunked/encode.js';
export { chunkedUploadHeaders, DEFAULT_CHUNK_SIZE, MIN_CHUNK_SIZE, type ChunkedUploadOptions } from './chunked/layout.js';
export {
  createChunkSigner,
  buildChunkStringToSign,
  buildTrailerStringToSign,
  buildCanonicalTrailer,
  type ChunkSigner,
  type ChunkSignature,
  type ChunkChainStart,
  type ChunkKeyParams,
} from './chunked/signChain.js';
export { createChecksum, type Checksum, type ChecksumAlgorithm } from './chunked/checksum.js';
export { combineCrc32, combineCrc32c, combineCrc64nvme, type ChecksumPart } from './chunked/combine.js';
