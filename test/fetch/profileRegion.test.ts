/**
 * createSignedFetch and the SDK adapter sign for the profile's `region` when the options, the host
 * and the environment name none, as the SDKs do (option > AWS_REGION > AWS_DEFAULT_REGION > profile).
 */
import { describe, expect, it } from 'vitest';
import { createSdkAdapter, createSignedFetch } from '../../src/index.js';
import { captureRejection } from '../support/errors.js';
import { memoryFiles } from '../support/memoryFiles.js';

const KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const CONFIG = '[default]\nregion = eu-west-3\n\n[profile other]\nregion = ap-south-1\n';
const scopeRegion = (authorization: string | null | undefined) => /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(authorization ?? '')?.[1];

async function signedRegion(url: string, env: Record<string, string>, extra: object = {}): Promise<string | undefined> {
  let seen: string | undefined;
  const send = createSignedFetch({
    credentials: KEYS,
    service: 'execute-api',
    env: { AWS_CONFIG_FILE: '/c', AWS_SHARED_CREDENTIALS_FILE: '/k', ...env },
    readFile: memoryFiles({ '/c': CONFIG }),
    fetch: async (_url, init) => ((seen = scopeRegion((init.headers as Record<string, string>)['authorization'])), new Response('{}')),
    ...extra,
  });
  await send(url);
  return seen;
}

describe('region for signing', () => {
  it.each([
    ['the default profile', {}, 'eu-west-3'],
    ['AWS_PROFILE', { AWS_PROFILE: 'other' }, 'ap-south-1'],
    ['AWS_DEFAULT_REGION over the profile', { AWS_DEFAULT_REGION: 'us-west-2' }, 'us-west-2'],
    ['AWS_REGION over the profile', { AWS_REGION: 'ca-central-1' }, 'ca-central-1'],
  ])('createSignedFetch, host without a region: %s', async (_what, env, region) => {
    expect(await signedRegion('http://127.0.0.1:9/x', env)).toBe(region);
  });

  it('a host naming its region wins over the profile; the option over everything', async () => {
    expect(await signedRegion('https://abc.execute-api.us-east-2.amazonaws.com/x', {})).toBe('us-east-2');
    expect(await signedRegion('http://127.0.0.1:9/x', { AWS_REGION: 'ca-central-1' }, { region: 'sa-east-1' })).toBe('sa-east-1');
  });

  it('no region anywhere: INVALID_REGION naming the three ways to set one', async () => {
    const send = createSignedFetch({ credentials: KEYS, service: 'execute-api', env: { AWS_CONFIG_FILE: '/none' }, readFile: memoryFiles({}), fetch: async () => new Response('') });
    const error = await captureRejection(() => send('http://127.0.0.1:9/x'));
    expect(error).toMatchObject({ code: 'INVALID_REGION' });
    expect((error as Error).message).toContain('a region in the profile');
  });

  it('the SDK adapter falls back to the profile region too', async () => {
    const { signer } = createSdkAdapter({ credentials: KEYS, service: 'mediaconnect', env: { AWS_CONFIG_FILE: '/c' }, readFile: memoryFiles({ '/c': CONFIG }) });
    const signed = await signer.sign({ method: 'GET', protocol: 'http:', hostname: '127.0.0.1', port: 9, path: '/v1/flows', headers: { host: '127.0.0.1:9' } });
    expect(scopeRegion((signed.headers as Record<string, string>)['authorization'])).toBe('eu-west-3');
  });
});
