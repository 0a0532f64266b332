/**
 * A fake container credentials endpoint (ECS agent / EKS Pod Identity agent): serves credentials
 * on one path, only with the expected `Authorization` value when one is configured; otherwise 401
 * or 404 with the agent's JSON error body.
 */
import { credentialsDocument, type FakeServer, reply, startFake } from './server.js';

export interface FakeContainerOptions {
  readonly path: string;
  /** Required `Authorization` header value, or undefined for none (ECS relative URI). */
  readonly authorization?: () => string;
  readonly credentials: () => { accessKeyId: string; secretAccessKey: string; sessionToken?: string | undefined; expiration: Date; accountId?: string };
  /** Answer the first `failFirst` requests with 500. */
  readonly failFirst?: number;
}

export async function startFakeContainer(options: FakeContainerOptions): Promise<FakeServer> {
  let failures = options.failFirst ?? 0;
  return startFake((request, response) => {
    if (failures > 0) return void (failures--, reply(response, 500, { Code: 'InternalError', Message: 'try again' }));
    if (request.url !== options.path) return reply(response, 404, { Code: 'NotFound', Message: 'no such credentials path' });
    const expected = options.authorization?.();
    if (expected !== undefined && request.headers['authorization'] !== expected) {
      return reply(response, 401, { Code: 'AccessDeniedException', Message: 'invalid authorization token' });
    }
    return reply(response, 200, credentialsDocument(options.credentials()));
  });
}
