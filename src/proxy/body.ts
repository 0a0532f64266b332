/** The incoming request body: read into memory up to a limit, or handed on as a stream without reading it. */

/** What the proxy holds of a request body. */
export type IncomingBody =
  | { readonly kind: 'none' }
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array }
  /** Larger than the limit, or of unknown length and larger than the limit: not read (beyond `limit` bytes). */
  | { readonly kind: 'stream'; readonly length: number | undefined; readonly stream: ReadableStream<Uint8Array> };

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) (out.set(c, at), (at += c.length));
  return out;
}

/** A pull-based stream: the next piece is read from the source only when the consumer asks (back-pressure). */
function streamOf(prefix: Uint8Array[], rest: AsyncIterator<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const head = prefix.shift();
        if (head !== undefined) return controller.enqueue(head);
        const next = await rest.next();
        if (next.done === true) controller.close();
        else controller.enqueue(next.value);
      },
      async cancel() {
        await rest.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * Reads a body whose length is `declared` (a Content-Length) or unknown (`undefined`, chunked
 * transfer coding; `framed` false when the message has neither, i.e. no body): a declared length above `max` is not read at all; an unknown length is read up
 * to `max` bytes, and handed on as a stream (what was read, then the rest) when there is more.
 */
export async function readIncomingBody(source: AsyncIterable<Uint8Array | string>, declared: number | undefined, max: number, framed = true): Promise<IncomingBody> {
  // No Content-Length and no Transfer-Encoding: HTTP/1.1 says there is no body (RFC 9112 6.3).
  if (declared === 0 || (declared === undefined && !framed)) return { kind: 'none' };
  const iterator = (async function* bytes(): AsyncGenerator<Uint8Array> {
    for await (const chunk of source) yield typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
  })();
  if (declared !== undefined && declared > max) return { kind: 'stream', length: declared, stream: streamOf([], iterator) };
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const next = await iterator.next();
    if (next.done === true) break;
    chunks.push(next.value);
    size += next.value.length;
    if (size > max) return { kind: 'stream', length: declared, stream: streamOf(chunks, iterator) };
  }
  return size === 0 && declared === undefined ? { kind: 'none' } : { kind: 'bytes', bytes: concat(chunks, size) };
}
