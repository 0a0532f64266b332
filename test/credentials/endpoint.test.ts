/**
 * The one endpoint resolver: precedence over AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the
 * profile's [services] entry and endpoint_url, and the ignore switches. Expected values follow the
 * SDKs & Tools reference guide ("Service-specific endpoints"); the same table is replayed through
 * botocore 1.43 (test/peers/endpoint_url.py), which must pick the same endpoint for every row.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { configuredEndpoint, type EndpointServiceId } from '../../src/credentials/endpoint.js';
import { parseProfileFiles } from '../../src/credentials/profile/profileSet.js';
import { resolveStsTarget } from '../../src/credentials/sts/stsEndpoint.js';
import { requirePeers, runPython } from '../support/peers.js';

const HELPER = fileURLToPath(new URL('../peers/endpoint_url.py', import.meta.url));

const SERVICES: ReadonlyArray<readonly [EndpointServiceId, string, string]> = [
  // id, [services] key, botocore service name
  ['STS', 'sts', 'sts'],
  ['SSO', 'sso', 'sso'],
  ['SSO_OIDC', 'sso_oidc', 'sso-oidc'],
  ['SIGNIN', 'signin', 'signin'],
  ['COGNITO_IDENTITY', 'cognito_identity', 'cognito-identity'],
];

const SERVICE_ENV = 'http://127.0.0.1:1001';
const GENERIC_ENV = 'http://127.0.0.1:1002';
const SECTION = 'http://127.0.0.1:1003';
const PROFILE = 'http://127.0.0.1:1004';

interface Row {
  readonly name: string;
  readonly env: (id: EndpointServiceId) => Record<string, string>;
  readonly config: (key: string) => string;
  /** undefined: nothing configured, the regional default applies. */
  readonly expected: string | undefined;
}

const full = (key: string, extra = '') => `[profile p]\nservices = s\nendpoint_url = ${PROFILE}\n${extra}[services s]\n${key} =\n  endpoint_url = ${SECTION}\n`;
const rows: Row[] = [
  { name: 'service env var beats everything', env: (id) => ({ [`AWS_ENDPOINT_URL_${id}`]: SERVICE_ENV, AWS_ENDPOINT_URL: GENERIC_ENV }), config: (k) => full(k), expected: SERVICE_ENV },
  { name: 'generic env var beats the [services] entry', env: () => ({ AWS_ENDPOINT_URL: GENERIC_ENV }), config: (k) => full(k), expected: GENERIC_ENV },
  { name: '[services] entry beats the profile endpoint_url', env: () => ({}), config: (k) => full(k), expected: SECTION },
  { name: 'profile endpoint_url last', env: () => ({}), config: () => `[profile p]\nendpoint_url = ${PROFILE}\n`, expected: PROFILE },
  { name: "another service's [services] entry does not apply", env: () => ({}), config: () => `[profile p]\nservices = s\n[services s]\nec2 =\n  endpoint_url = ${SECTION}\n`, expected: undefined },
  { name: 'env AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true turns all off', env: (id) => ({ [`AWS_ENDPOINT_URL_${id}`]: SERVICE_ENV, AWS_ENDPOINT_URL: GENERIC_ENV, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }), config: (k) => full(k), expected: undefined },
  { name: 'profile ignore_configured_endpoint_urls=true turns all off', env: (id) => ({ [`AWS_ENDPOINT_URL_${id}`]: SERVICE_ENV }), config: (k) => full(k, 'ignore_configured_endpoint_urls = true\n'), expected: undefined },
  { name: 'the env switch set to false beats the profile switch', env: () => ({ AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'false' }), config: (k) => full(k, 'ignore_configured_endpoint_urls = true\n'), expected: SECTION },
  { name: 'nothing configured', env: () => ({}), config: () => '[profile p]\n', expected: undefined },
];

const contextOf = (config: string) => {
  const set = parseProfileFiles({ configFile: config });
  return { profile: set.profiles.get('p') ?? new Map<string, string>(), set };
};

describe('configuredEndpoint precedence', () => {
  for (const [id, key] of SERVICES) {
    it.each(rows.map((r) => [r.name, r] as const))(`${id}: %s`, (_, row) => {
      expect(configuredEndpoint(id, row.env(id), contextOf(row.config(key)))).toBe(row.expected);
    });
  }

  it('STS uses the same resolver (AWS_ENDPOINT_URL beats the [services] sts entry, as in the SDKs)', () => {
    const context = contextOf(full('sts'));
    expect(resolveStsTarget({ region: 'eu-west-1' }, { AWS_ENDPOINT_URL: GENERIC_ENV }, () => {}, context).url).toBe(`${GENERIC_ENV}/`);
    expect(resolveStsTarget({ region: 'eu-west-1' }, {}, () => {}, context).url).toBe(`${SECTION}/`);
  });

  it('botocore 1.43 sends every row of the table to the same endpoint', async () => {
    if (!requirePeers(['python-botocore'], 'endpoint precedence against botocore')) return;
    const cases = SERVICES.flatMap(([id, key, service]) => rows.map((row) => ({ env: row.env(id), config: row.config(key), profile: 'p', service })));
    const result = await runPython(`import runpy, sys; sys.argv = ['endpoint_url.py', sys.argv[1]]; runpy.run_path(${JSON.stringify(HELPER)}, run_name='__main__')`, {}, [JSON.stringify(cases)]);
    expect(result.stderr).toBe('');
    const seen = JSON.parse(result.stdout) as string[];
    const expected = SERVICES.flatMap(([id]) => rows.map((row) => row.expected ?? DEFAULTS[id]));
    expect(seen).toEqual(expected);
    // One python3 run builds 45 botocore clients: about 20 s on an idle machine, more under load.
  }, 240_000);
});

// The endpoint rule sets' us-east-1 defaults, which botocore calls when nothing is configured.
const DEFAULTS: Record<EndpointServiceId, string> = {
  STS: 'https://sts.us-east-1.amazonaws.com',
  SSO: 'https://portal.sso.us-east-1.amazonaws.com',
  SSO_OIDC: 'https://oidc.us-east-1.amazonaws.com',
  SIGNIN: 'https://us-east-1.signin.aws.amazon.com',
  COGNITO_IDENTITY: 'https://cognito-identity.us-east-1.amazonaws.com',
};
