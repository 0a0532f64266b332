/**
 * The Cognito Identity calls of fromCognitoIdentityPool, loaded on the provider's first call so that
 * `import 'sigv4-kit'` does not carry them.
 */
import { InvalidRequestError } from '../../errors.js';
import { sealCredentials } from '../credentials.js';
import { AwsServiceCallError } from '../errors.js';
import { callJson } from '../jsonCall.js';
import type { CredentialProvider, Runtime } from '../provider.js';

const CONTENT_TYPE = 'application/x-amz-json-1.1';

/** What the calls read of fromCognitoIdentityPool's options (declared here: that module loads this one). */
export interface IdentityPoolCallOptions {
  readonly logins?: Readonly<Record<string, string | (() => string | Promise<string>)>> | undefined;
  readonly customRoleArn?: string | undefined;
  readonly accountId?: string | undefined;
  readonly timeoutMs?: number | undefined;
}

/** The uncached provider for the pool `poolId` at `url` (both checked by fromCognitoIdentityPool). */
export function identityPoolProvider(options: IdentityPoolCallOptions, runtime: Runtime, poolId: string, url: string): CredentialProvider {
  // Identity ids by the set of login providers they were obtained with ('' = unauthenticated).
  const identities = new Map<string, string>();

  const call = (operation: string, body: Record<string, unknown>, secrets: readonly string[]) =>
    callJson(runtime.fetch, {
      service: 'Cognito Identity',
      operation,
      url,
      method: 'POST',
      headers: { 'content-type': CONTENT_TYPE, 'x-amz-target': `AWSCognitoIdentityService.${operation}` },
      body: JSON.stringify(body),
      secrets,
      timeoutMs: options.timeoutMs,
    });

  const provider: CredentialProvider = async () => {
    const logins = await resolveLogins(options.logins);
    const secrets = Object.values(logins);
    const key = Object.keys(logins).sort().join('\n');
    const withLogins = secrets.length > 0 ? { Logins: logins } : {};
    let identityId = identities.get(key);
    const cachedId = identityId !== undefined;
    if (identityId === undefined) {
      const answer = await call('GetId', { IdentityPoolId: poolId, ...withLogins, ...(options.accountId ? { AccountId: options.accountId } : {}) }, secrets);
      identityId = typeof answer['IdentityId'] === 'string' ? answer['IdentityId'] : undefined;
      if (identityId === undefined) throw badAnswer('GetId', 'IdentityId');
      identities.set(key, identityId);
    }
    try {
      return await credentialsFor(identityId, withLogins, secrets);
    } catch (error) {
      // A remembered identity may have been deleted or merged: get a new one once.
      if (!cachedId || !(error instanceof AwsServiceCallError) || error.awsCode !== 'ResourceNotFoundException') throw error;
      identities.delete(key);
      return provider();
    }
  };

  async function credentialsFor(identityId: string, withLogins: object, secrets: readonly string[]) {
    const answer = await call('GetCredentialsForIdentity', { IdentityId: identityId, ...withLogins, ...(options.customRoleArn ? { CustomRoleArn: options.customRoleArn } : {}) }, secrets);
    const raw = answer['Credentials'];
    const c = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
    const { AccessKeyId: accessKeyId, SecretKey: secretAccessKey, SessionToken: sessionToken, Expiration: expiration } = c;
    if (typeof accessKeyId !== 'string' || typeof secretAccessKey !== 'string' || typeof sessionToken !== 'string' || typeof expiration !== 'number') {
      throw badAnswer('GetCredentialsForIdentity', 'Credentials AccessKeyId, SecretKey, SessionToken and Expiration');
    }
    // Expiration is epoch seconds, a JSON number (awsJson1_1 timestamps), possibly with a fraction.
    return sealCredentials({ accessKeyId, secretAccessKey, sessionToken, expiration: new Date(Math.round(expiration * 1000)) });
  }

  return provider;
}


async function resolveLogins(logins: IdentityPoolCallOptions['logins']): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(logins ?? {})) {
    const token = typeof value === 'function' ? await value() : value;
    if (typeof token !== 'string' || token === '') throw new InvalidRequestError('INVALID_OPTION', `logins['${name}'] must be a non-empty token (or a function returning one)`);
    Object.defineProperty(out, name, { value: token, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function badAnswer(operation: string, what: string): AwsServiceCallError {
  return new AwsServiceCallError({ service: 'Cognito Identity', operation, httpStatus: 200, awsMessage: `the answer lacks ${what}` });
}
