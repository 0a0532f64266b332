/**
 * The asynchronous signing calls, for algorithms whose key signs only asynchronously (WebCrypto in
 * browsers and workers: the portable `sigv4-kit/x509`). Everything but the signature is built by the
 * synchronous core, so the output is exactly what {@link signRequest} / {@link presignUrl} produce.
 */
import { InvalidRequestError } from '../errors.js';
import { type AlgorithmContext, isAsyncOnly, type SigningAlgorithm } from './algorithm.js';
import { presignUrl } from './presign.js';
import { signRequest } from './sign.js';
import type { HttpRequestLike, PresignedUrl, PresignParams, SignableRequest, SignedRequest, SigningParams } from './types.js';

// Never a signature (a space is percent-encoded in a query and never in AWS's hex), so its one
// occurrence at a known place is the signature's slot.
const PENDING = ' pending signature ';

/**
 * Runs the synchronous core with a stand-in signer that records the string to sign and leaves
 * {@link PENDING} in the signature's slot, then awaits the real signature.
 */
async function signLater<T extends { signature: string }>(algorithm: SigningAlgorithm, build: (stand: SigningAlgorithm) => T): Promise<{ result: T; signature: string }> {
  let pending: Promise<string> | undefined;
  const stand: SigningAlgorithm = {
    ...algorithm,
    signer: (context: AlgorithmContext, scope: string) => {
      const sign = algorithm.signerAsync!(context, scope);
      return (stringToSign: string) => {
        pending = sign(stringToSign);
        return PENDING;
      };
    },
  };
  const result = build(stand);
  const signature = await pending!;
  if (typeof signature !== 'string' || !/^[0-9A-Za-z+/=_-]+$/.test(signature)) {
    throw new InvalidRequestError('INVALID_OPTION', `the ${algorithm.name} algorithm's signerAsync answered no signature (a non-empty hex or base64 string)`);
  }
  result.signature = signature;
  return { result, signature };
}

/**
 * {@link signRequest} for any algorithm, including one that signs only asynchronously (the portable
 * `sigv4-kit/x509` on WebCrypto). With SigV4 and SigV4a it is `signRequest` itself; otherwise the
 * same request is built and only the signature is awaited. `request` is not modified.
 * @example
 * import { signRequestAsync } from 'sigv4-kit';
 * import { x509 } from 'sigv4-kit/x509'; // in a browser or worker: the WebCrypto build
 * const algorithm = x509({ certificate: certPem, privateKey: keyPem });
 * const signed = await signRequestAsync(request, { credentials: algorithm.credentials, region: 'eu-west-1', service: 'rolesanywhere', algorithm });
 * @throws {InvalidRequestError} the errors of {@link signRequest} (rejected, nothing is signed).
 * @throws {CredentialsError} the errors of {@link signRequest}, and the algorithm's key errors.
 */
export async function signRequestAsync(request: SignableRequest | HttpRequestLike, params: SigningParams): Promise<SignedRequest> {
  const algorithm = params?.algorithm;
  if (!isAsyncOnly(algorithm)) return signRequest(request, params);
  const { result, signature } = await signLater(algorithm!, (stand) => signRequest(request, { ...params, algorithm: stand }) as { -readonly [K in keyof SignedRequest]: SignedRequest[K] });
  const authorization = result.headers['authorization']!;
  result.headers['authorization'] = authorization.slice(0, authorization.length - PENDING.length) + signature;
  return result;
}

/**
 * {@link presignUrl} for any algorithm, including one that signs only asynchronously (see
 * {@link signRequestAsync}). With SigV4 and SigV4a it is `presignUrl` itself.
 * @example
 * import { presignUrlAsync } from 'sigv4-kit';
 * const { url } = await presignUrlAsync(request, { credentials: algorithm.credentials, region: 'eu-west-1', service: 'rolesanywhere', algorithm, expiresIn: 300 });
 * @throws {InvalidRequestError} the errors of {@link presignUrl} (rejected, nothing is signed).
 * @throws {CredentialsError} the errors of {@link presignUrl}, and the algorithm's key errors.
 */
export async function presignUrlAsync(request: SignableRequest | HttpRequestLike, params: PresignParams): Promise<PresignedUrl> {
  const algorithm = params?.algorithm;
  if (!isAsyncOnly(algorithm)) return presignUrl(request, params);
  const { result, signature } = await signLater(algorithm!, (stand) => presignUrl(request, { ...params, algorithm: stand }) as { -readonly [K in keyof PresignedUrl]: PresignedUrl[K] });
  result.url = result.url.replace(`&X-Amz-Signature=${PENDING}`, () => `&X-Amz-Signature=${signature}`);
  return result;
}
