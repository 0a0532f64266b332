/** Who am I: STS GetCallerIdentity, the principal kind behind an ARN, and the root-user guard. */
import { CredentialsError, ProviderError } from '../../errors.js';
import type { Credentials } from '../../sigv4/types.js';
import { type CredentialProvider, type Runtime, resolveRuntime, type RuntimeOptions } from '../provider.js';
import type { StandardRetryOptions, StandardRetryPolicy } from '../../retry/standard.js';
import { type CredentialSource, toProvider } from '../credentials.js';
import { stsRetry } from './sts.js';
import { loadStsCalls } from './loadCalls.js';
import type { StsLocation } from './stsEndpoint.js';

/** The kind of principal that owns a set of credentials. */
export type PrincipalKind = 'root' | 'iam-user' | 'assumed-role' | 'federated-user';

/** What GetCallerIdentity says about the credentials. */
export interface CallerIdentity {
  /** 12-digit account id. */
  readonly account: string;
  readonly arn: string;
  /** `AIDA…` for users, `AROA…:<session>` for roles, the account id for root. */
  readonly userId: string;
  readonly principal: PrincipalKind;
}

/**
 * Options of {@link getCallerIdentity} and {@link withRootCheck}. The STS region is `region`, else
 * `AWS_REGION` / `AWS_DEFAULT_REGION`; profiles are not read (pass a profile's region as `region`).
 */
export interface IdentityOptions extends RuntimeOptions, StsLocation {
  /** Throw `ROOT_CREDENTIALS_REFUSED` instead of warning when the credentials belong to the root user. */
  readonly refuseRoot?: boolean | undefined;
  /** Abort the STS call after this long. Default 10 s. */
  readonly timeoutMs?: number | undefined;
  /** Retries of the STS call, as the STS providers' `retry`: the SDKs' standard mode. `false`: one attempt. */
  readonly retry?: StandardRetryOptions | false | undefined;
}

const ROOT_WARNING =
  'these credentials belong to the AWS account root user; AWS advises against using root credentials for ' +
  'everyday work: create an IAM user or role (https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-best-practices.html)';

const KINDS: ReadonlyArray<readonly [RegExp, PrincipalKind]> = [
  [/^arn:aws[\w-]*:iam::\d{12}:root$/, 'root'],
  [/^arn:aws[\w-]*:iam::\d{12}:user\/.+$/, 'iam-user'],
  [/^arn:aws[\w-]*:sts::\d{12}:assumed-role\/.+$/, 'assumed-role'],
  [/^arn:aws[\w-]*:sts::\d{12}:federated-user\/.+$/, 'federated-user'],
];

/**
 * The principal kind an identity ARN denotes.
 * @throws {ProviderError} `PROVIDER_FAILED` for an ARN that is none of the four.
 */
export function classifyPrincipal(arn: string): PrincipalKind {
  const kind = KINDS.find(([pattern]) => pattern.test(arn));
  if (kind === undefined) throw new ProviderError('PROVIDER_FAILED', `unrecognised caller ARN ${arn}`);
  return kind[1];
}

/**
 * Calls STS GetCallerIdentity with `credentials`. For the root user it warns through `warn` (or
 * refuses with `refuseRoot`). One STS call: use it on demand, not per request.
 * @example
 * const me = await getCallerIdentity({ credentials: fromDefaultChain() });
 * console.log(me.principal, me.arn); // 'assumed-role' arn:aws:sts::123456789012:assumed-role/dev/alice
 * @throws {CredentialsError} `ROOT_CREDENTIALS_REFUSED` for root credentials when `refuseRoot` is set.
 * @throws {StsError} `STS_ERROR` (e.g. `InvalidClientTokenId`, `SignatureDoesNotMatch`) when STS refuses.
 */
export async function getCallerIdentity(options: IdentityOptions & { readonly credentials: CredentialSource }): Promise<CallerIdentity> {
  const runtime = resolveRuntime(options);
  const credentials = await toProvider(options.credentials, 'credentials')();
  const identity = await lookUp(credentials, options, runtime, stsRetry(options.retry, runtime.env));
  if (identity.principal === 'root') {
    if (options.refuseRoot === true) throw rootRefused();
    runtime.warn(ROOT_WARNING);
  }
  return identity;
}

async function lookUp(credentials: Credentials, options: IdentityOptions, runtime: Runtime, retry: StandardRetryPolicy): Promise<CallerIdentity> {
  const { callSts, resolveStsTarget, textAt } = await loadStsCalls();
  const target = resolveStsTarget(options, runtime.env, runtime.warn);
  const secrets = [credentials.secretAccessKey, credentials.sessionToken ?? ''];
  const result = await callSts({ action: 'GetCallerIdentity', params: [], credentials, target, timeoutMs: options.timeoutMs, secrets }, runtime, retry);
  const arn = textAt(result, ['Arn']) ?? '';
  return { account: textAt(result, ['Account']) ?? '', arn, userId: textAt(result, ['UserId']) ?? '', principal: classifyPrincipal(arn) };
}

function rootRefused(): CredentialsError {
  return new CredentialsError('ROOT_CREDENTIALS_REFUSED', 'refusing the AWS account root user\'s credentials (refuseRoot is set)');
}

/**
 * Wraps `provider` so each new access key is checked once with GetCallerIdentity. Root credentials
 * produce one warning for the wrapper's lifetime, or `ROOT_CREDENTIALS_REFUSED` with `refuseRoot`.
 * @example
 * const provider = withRootCheck(fromDefaultChain(), { refuseRoot: true });
 */
export function withRootCheck(provider: CredentialProvider, options: IdentityOptions = {}): CredentialProvider {
  const runtime = resolveRuntime(options);
  const retry = stsRetry(options.retry, runtime.env);
  let checked: { readonly accessKeyId: string; readonly root: Promise<boolean> } | undefined;
  let warned = false;
  return async () => {
    const credentials = await provider();
    let entry = checked;
    if (entry?.accessKeyId !== credentials.accessKeyId) {
      const root = lookUp(credentials, options, runtime, retry).then((identity) => identity.principal === 'root');
      const fresh = { accessKeyId: credentials.accessKeyId, root };
      checked = entry = fresh;
      // A failed check is forgotten, so the next call tries again.
      root.catch(() => (checked = checked === fresh ? undefined : checked));
    }
    if (await entry.root) {
      if (options.refuseRoot === true) throw rootRefused();
      if (!warned) runtime.warn(ROOT_WARNING);
      warned = true;
    }
    return credentials;
  };
}
