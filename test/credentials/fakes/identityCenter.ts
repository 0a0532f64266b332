/**
 * Loopback fakes of the IAM Identity Center portal (`GET /federation/credentials`) and SSO-OIDC
 * (`POST /token`), answering with the shapes of the SSO and SSO-OIDC API references. Every request
 * is recorded whole (method, path and query, headers, body) so tests can check what was sent.
 */
import type { IncomingMessage } from 'node:http';
import { type FakeServer, reply, startFake } from './server.js';

export interface RecordedCall {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

export interface RoleCredentialsAnswer {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  /** Epoch milliseconds, as the portal sends it. */
  readonly expiration: number;
}

export interface FakeIdentityCenter extends FakeServer {
  readonly calls: RecordedCall[];
  /** Bearer token -> what GetRoleCredentials answers for it; unknown tokens get 401 UnauthorizedException. */
  readonly roles: Map<string, RoleCredentialsAnswer>;
  /** What CreateToken answers: [status, JSON body]. */
  oidc: (body: Record<string, unknown>) => readonly [number, Record<string, unknown>];
  /** When set, GetRoleCredentials answers this [status, error type] instead. */
  portalError: readonly [number, string] | undefined;
}

export async function startFakeIdentityCenter(): Promise<FakeIdentityCenter> {
  const calls: RecordedCall[] = [];
  const roles = new Map<string, RoleCredentialsAnswer>();
  // The handler reads the settings from the object handed out, so tests can change them between calls.
  const state: Pick<FakeIdentityCenter, 'oidc' | 'portalError'> = {
    oidc: () => [400, { error: 'invalid_grant', error_description: 'no refresh configured' }],
    portalError: undefined,
  };
  const server: FakeServer = await startFake((request, response, body) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    calls.push({ method: request.method ?? '', url, headers: request.headers, body });
    if (request.method === 'GET' && url.pathname === '/federation/credentials') {
      if (fake.portalError) {
        const [status, type] = fake.portalError;
        return reply(response, status, { message: 'Session token not found or invalid' }, { 'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.switchboard.portal/` });
      }
      const token = request.headers['x-amz-sso_bearer_token'];
      const creds = typeof token === 'string' ? roles.get(token) : undefined;
      if (creds === undefined) return reply(response, 401, { message: 'Session token not found or invalid' }, { 'x-amzn-errortype': 'UnauthorizedException:http://internal.amazon.com/coral/com.amazon.switchboard.portal/' });
      return reply(response, 200, { roleCredentials: creds });
    }
    if (request.method === 'POST' && url.pathname === '/token') {
      const [status, answer] = fake.oidc(JSON.parse(body) as Record<string, unknown>);
      const type = typeof answer['error'] === 'string' ? { 'x-amzn-errortype': 'InvalidGrantException' } : {};
      return reply(response, status, status < 300 ? answer : { ...answer }, status < 300 ? {} : type);
    }
    reply(response, 404, { message: `no route ${request.method} ${url.pathname}` });
  });
  const fake: FakeIdentityCenter = Object.assign(server, { calls, roles }, state);
  return fake;
}
