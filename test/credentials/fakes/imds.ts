/**
 * A fake EC2 instance metadata service that enforces IMDSv2 the way EC2 does with
 * `HttpTokens=required`: PUT /latest/api/token needs the TTL header (else 400) and answers with the
 * TTL header; every GET needs a live token (else 401); unknown roles are 404. Tests can expire
 * tokens, make the next requests fail (an outage), run it v1-only (token PUT refused) or hang.
 */
import type { ServerResponse } from 'node:http';
import { credentialsDocument, type FakeServer, reply, startFake } from './server.js';

export interface FakeImdsOptions {
  readonly role?: string;
  /** Credentials to serve, asked on every credentials GET. */
  readonly credentials: () => { accessKeyId: string; secretAccessKey: string; sessionToken?: string | undefined; expiration: Date; accountId?: string };
  /** 'v2' (tokens required), 'v1-only' (token PUT answers 403, GETs need no token), 'hang' (never answers). */
  readonly mode?: 'v2' | 'v1-only' | 'hang';
}

export interface FakeImds extends FakeServer {
  /** Answer the next `count` requests with 503 (or drop the connection with 'reset'). */
  failNext(count: number, how?: '503' | 'reset'): void;
  /** Invalidate every token issued so far (as a reboot would). */
  revokeTokens(): void;
  /** Number of token PUTs seen. */
  tokenRequests(): number;
}

export async function startFakeImds(options: FakeImdsOptions): Promise<FakeImds> {
  const role = options.role ?? 'app-instance-role';
  const tokens = new Set<string>();
  let issued = 0;
  let failures: Array<'503' | 'reset'> = [];
  const held: ServerResponse[] = [];
  const server = await startFake((request, response) => {
    if (options.mode === 'hang') return void held.push(response);
    const failure = failures.shift();
    if (failure === 'reset') return void response.socket?.destroy();
    if (failure === '503') return reply(response, 503, 'Service Unavailable');
    const path = request.url ?? '';
    if (path === '/latest/api/token') {
      if (request.method !== 'PUT' || options.mode === 'v1-only') return reply(response, request.method === 'PUT' ? 403 : 405, 'Forbidden');
      const ttl = Number(request.headers['x-aws-ec2-metadata-token-ttl-seconds']);
      if (!Number.isInteger(ttl) || ttl < 1 || ttl > 21_600) return reply(response, 400, 'Bad Request');
      const token = `fake-token-${++issued}`;
      tokens.add(token);
      return reply(response, 200, token, { 'x-aws-ec2-metadata-token-ttl-seconds': String(ttl) });
    }
    if (options.mode !== 'v1-only' && !tokens.has(String(request.headers['x-aws-ec2-metadata-token']))) return reply(response, 401, 'Unauthorized');
    if (request.method !== 'GET') return reply(response, 405, 'Method Not Allowed');
    if (path === '/latest/meta-data/iam/security-credentials/') return reply(response, 200, role);
    if (path === `/latest/meta-data/iam/security-credentials/${role}`) return reply(response, 200, credentialsDocument(options.credentials()));
    return reply(response, 404, 'Not Found');
  });
  return {
    ...server,
    close: async () => {
      for (const response of held) response.socket?.destroy();
      await server.close();
    },
    failNext: (count, how = '503') => (failures = Array.from({ length: count }, () => how)),
    revokeTokens: () => tokens.clear(),
    tokenRequests: () => server.requests.filter((r) => r.path === '/latest/api/token').length,
  };
}
