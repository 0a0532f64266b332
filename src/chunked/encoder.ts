/** What the fetch wrapper loads (with a dynamic import) for an aws-chunked upload: one module, one request. */
export { encodeChunkedBody, toReadableStream } from './encode.js';
export { chunkedUploadHeaders } from './layout.js';
export { createChecksum } from './checksum.js';
