/** Reading the bytes of an upload from any source, and handing an encoded body to `fetch`. */

/** Bytes to upload: a WHATWG `ReadableStream`, a Node stream or any (async) iterable of `Uint8Array`. */
export type ByteSource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

/** The source as an iterable; a `ReadableStream` is read through its reader, and cancelled if the consumer stops early. */
export function pieces(source: ByteSource): AsyncIterable<Uint8Array> | Iterable<Uint8Array> {
  // Iterables are used as they are: one async generator layer less per piece.
  return typeof (source as ReadableStream<Uint8Array>).getReader === 'function' ? read(source as ReadableStream<Uint8Array>) : (source as AsyncIterable<Uint8Array> | Iterable<Uint8Array>);
}

async function* read(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let done = false;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) return void (done = true);
      yield next.value;
    }
  } finally {
    // The consumer stopped early (or failed): tell the source nobody reads any more.
    if (!done) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/** A pull-based `ReadableStream` over an async iterable (what `fetch` takes as a streamed body). */
export function toReadableStream(iterable: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = iterable[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel(reason) {
      await iterator.return?.(reason);
    },
  });
}
