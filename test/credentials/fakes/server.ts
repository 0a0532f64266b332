/** A loopback HTTP server for fakes: 127.0.0.1, port 0, every request logged, closed after the test. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the fake saw it. */
export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
}

/** A running fake. */
export interface FakeServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly requests: SeenRequest[];
  close(): Promise<void>;
}

export type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => void;

/** Starts `handler` on 127.0.0.1 with a free port. */
export async function startFake(handler: Handler): Promise<FakeServer> {
  const requests: SeenRequest[] = [];
  const server = createServer((request, response) => {
    requests.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers });
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => handler(request, response, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends `status` with a JSON (or text) body. */
export function reply(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json', ...headers });
  response.end(text);
}

/** Credentials JSON as IMDS and the container endpoint serve it. */
export function credentialsDocument(creds: { accessKeyId: string; secretAccessKey: string; sessionToken?: string | undefined; expiration: Date; accountId?: string }) {
  return {
    Code: 'Success',
    LastUpdated: new Date(creds.expiration.getTime() - 3_600_000).toISOString(),
    Type: 'AWS-HMAC',
    AccessKeyId: creds.accessKeyId,
    SecretAccessKey: creds.secretAccessKey,
    Token: creds.sessionToken,
    Expiration: creds.expiration.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    // Newer ECS agents and IMDS add it (AWS docs, "Instance metadata categories"); older ones do not.
    ...(creds.accountId === undefined ? {} : { AccountId: creds.accountId }),
  };
}
