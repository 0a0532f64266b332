/** A loopback HTTP service for proxy tests: answers with what it received (as JSON), and keeps it. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the service received. */
export interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly rawHeaders: readonly string[];
  readonly body: string;
}

/** The running service. */
export interface Echo {
  readonly server: Server;
  readonly url: string;
  readonly seen: Seen[];
  close(): Promise<void>;
}

/** Starts it on 127.0.0.1 (free port). `answer`, when given, replaces the JSON echo (after the request is recorded). */
export async function echoService(answer?: (req: IncomingMessage, res: ServerResponse, seen: Seen) => void): Promise<Echo> {
  const seen: Seen[] = [];
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += String(chunk);
    const record = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, rawHeaders: req.rawHeaders, body };
    seen.push(record);
    if (answer) return answer(req, res, record);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(record));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
