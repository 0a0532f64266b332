/** Writing answers to a `node:http` response: a fetched `Response` streamed back, or the proxy's own short text. */
import type { ServerResponse } from 'node:http';
import { responseHeaders } from './headers.js';

/**
 * Streams `response` to `res`: status, headers (hop-by-hop dropped; `content-encoding` and
 * `content-length` too when `decoded`), then the body with back-pressure. Resolves when the body is written.
 */
export async function sendResponse(res: ServerResponse, response: Response, decoded: boolean): Promise<void> {
  const flat: string[] = [];
  for (const [name, value] of responseHeaders([...response.headers], decoded)) flat.push(name, value);
  res.writeHead(response.status, response.statusText || undefined, flat);
  if (response.body === null) return void res.end();
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) return void (await reader.cancel());
      if (!res.write(value)) await drained(res);
    }
    res.end();
  } catch (error) {
    // The upstream broke off mid-body: the client must see a truncated answer, not a complete one.
    res.destroy(error instanceof Error ? error : undefined);
  }
}

/** Resolves when `res` can take more (or is gone); leaves no listener behind. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** The proxy's own answer (refusals, health, upstream failures): a short `text/plain` line. */
export function sendText(res: ServerResponse, status: number, text: string, close = false): void {
  if (res.headersSent) return void res.destroy();
  const body = `${text}\n`;
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    // An unread request body would otherwise keep the connection busy.
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(body);
}
