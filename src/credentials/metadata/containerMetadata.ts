/** fromContainerMetadata: the ECS task role endpoint and EKS Pod Identity agent. */
import { ProviderError } from '../../errors.js';
import { scrubError } from '../../redact.js';
import type { Credentials } from '../../sigv4/types.js';
import { type CacheOptions, withCache } from '../cache.js';
import { checkFullUri, type LookupFunction } from './containerUrl.js';
import { notConfigured } from '../errors.js';
import { exchange, parseJsonObject, readJsonCredentials } from '../http.js';
import { type CredentialProvider, envValue, type Runtime, resolveRuntime, type RuntimeOptions } from '../provider.js';

/** Options of {@link fromContainerMetadata}. */
export interface ContainerMetadataOptions extends RuntimeOptions {
  /** Per request. Default 2000 ms. */
  readonly timeoutMs?: number | undefined;
  /** Extra attempts after a 5xx or a broken connection. Default 2. */
  readonly retries?: number | undefined;
  /** Pause between attempts. Default 1000 ms. */
  readonly retryDelayMs?: number | undefined;
  /** Base for `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`. Default `http://169.254.170.2` (the ECS agent). */
  readonly relativeUriBase?: string | undefined;
  /** DNS resolution used to vet an http `AWS_CONTAINER_CREDENTIALS_FULL_URI`. Default: node:dns lookup. */
  readonly lookup?: LookupFunction | undefined;
  /** Options for the {@link index!cached | cached} wrapper, or `false`. */
  readonly cache?: CacheOptions | false | undefined;
}

const SOURCE = 'container credentials endpoint';
const HEADER_BREAKERS = /[\r\n\0]/;

/**
 * Credentials from the container credentials endpoint: `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`
 * (ECS; it wins when both are set) or `AWS_CONTAINER_CREDENTIALS_FULL_URI` (EKS Pod Identity,
 * Greengrass, custom), authorised by `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (re-read on every
 * fetch; it wins) or `AWS_CONTAINER_AUTHORIZATION_TOKEN`. Cached and refreshed before expiry.
 * @example
 * const provider = fromContainerMetadata(); // inside an ECS task or an EKS pod with Pod Identity
 * @throws {NoCredentialsError} `NO_CREDENTIALS` when neither URI variable is set.
 * @throws {ProviderError} `METADATA_UNREACHABLE` / `METADATA_TIMEOUT` / `PROVIDER_FAILED`.
 */
export function fromContainerMetadata(options: ContainerMetadataOptions = {}): CredentialProvider {
  const runtime = resolveRuntime(options);
  return withCache(containerProvider(options, runtime), options.cache, runtime.clock, 'the container credentials endpoint');
}

/** The uncached provider. */
export function containerProvider(options: ContainerMetadataOptions, runtime: Runtime): CredentialProvider {
  return async () => {
    const url = await credentialsUrl(options, runtime);
    const token = await authorizationToken(runtime);
    try {
      return await fetchCredentials(url, token, options, runtime);
    } catch (error) {
      // The endpoint's answer is quoted in errors, and a hostile or confused one may echo the token.
      throw token === undefined ? error : scrubError(error, [token]);
    }
  };
}

async function fetchCredentials(url: string, token: string | undefined, options: ContainerMetadataOptions, runtime: Runtime): Promise<Credentials> {
  const headers: Record<string, string> = { accept: 'application/json', ...(token === undefined ? {} : { authorization: token }) };
  const retries = options.retries ?? 2;
  for (let attempt = 0; ; attempt++) {
    const result = await exchange(runtime.fetch, url, { method: 'GET', headers }, options.timeoutMs ?? 2000, SOURCE);
    const retry = result.ok ? result.response.status >= 500 : result.retryable;
    if (!retry || attempt >= retries) {
      if (!result.ok) throw result.error;
      return readAnswer(result.response.status, result.response.text);
    }
    await new Promise((resolve) => setTimeout(resolve, options.retryDelayMs ?? 1000));
  }
}

async function credentialsUrl(options: ContainerMetadataOptions, runtime: Runtime): Promise<string> {
  const relative = envValue(runtime.env, 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI');
  if (relative !== undefined) {
    if (!relative.startsWith('/')) throw new ProviderError('PROVIDER_FAILED', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI must start with "/"');
    return (options.relativeUriBase ?? 'http://169.254.170.2').replace(/\/+$/, '') + relative.trim();
  }
  const full = envValue(runtime.env, 'AWS_CONTAINER_CREDENTIALS_FULL_URI');
  if (full === undefined) throw notConfigured('container', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set');
  return checkFullUri(full, options.lookup);
}

async function authorizationToken(runtime: Runtime): Promise<string | undefined> {
  const file = envValue(runtime.env, 'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE');
  let token = envValue(runtime.env, 'AWS_CONTAINER_AUTHORIZATION_TOKEN');
  let origin = 'AWS_CONTAINER_AUTHORIZATION_TOKEN';
  if (file !== undefined) {
    origin = `the token file ${file}`;
    try {
      token = await runtime.readFile(file);
    } catch (error) {
      throw new ProviderError('PROVIDER_FAILED', `cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE ${file}`, { cause: error });
    }
  }
  // Never trimmed: a CR or LF (even a trailing newline) would split the header, so it is refused.
  if (token !== undefined && HEADER_BREAKERS.test(token)) {
    throw new ProviderError('PROVIDER_FAILED', `the container authorization token from ${origin} contains CR, LF or NUL`);
  }
  return token;
}

function readAnswer(status: number, text: string) {
  if (status !== 200) {
    const body = parseJsonObject(text);
    const detail = body ? `: ${String(body['Code'] ?? '')} ${String(body['Message'] ?? '')}`.trimEnd() : '';
    throw new ProviderError('PROVIDER_FAILED', `${SOURCE} answered HTTP ${status}${detail}`);
  }
  return readJsonCredentials(text, SOURCE);
}
