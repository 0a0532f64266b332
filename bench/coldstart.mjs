// Child process: cold start = import of the signer + its first signature (case a), in a fresh Node process.
// Nothing is imported before the clock starts; the request is defined inline (it is the user's code).
// Prints { importMs, firstSignMs, totalMs, sig }.
const [target, kitUrl] = process.argv.slice(2);
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const signingDate = new Date('2024-05-23T06:15:47.000Z');
const url = 'https://mediaconnect.us-east-1.amazonaws.com/v1/flows?maxResults=20';
const headers = {
  accept: 'application/json',
  'x-amz-user-agent': 'aws-sdk-js/3.600.0 ua/2.1 os/linux#6.1 lang/js md/nodejs#20.20.2',
  'amz-sdk-invocation-id': '3f1c1b2e-5a4d-4c2b-9a7e-0f6d8e9c1b2a',
};
const region = 'us-east-1';
const service = 'mediaconnect';
const amzDate = () => signingDate.toISOString().replace(/[:-]|\.\d{3}/g, '');
const SIG = /Signature=([0-9a-f]{64})/;

const t0 = performance.now();
let sign;
switch (target) {
  case 'sigv4-kit':
  case 'sigv4-kit, one file per module (informational)':
  case 'sigv4-kit, app bundle importing signRequest':
  case 'floor': {
    const { signRequest } = await import(kitUrl);
    sign = () => signRequest({ method: 'GET', url, headers }, { credentials, region, service, signingDate }).signature;
    break;
  }
  case 'smithy + hash-node': {
    const [{ SignatureV4 }, { Hash }] = await Promise.all([import('@smithy/signature-v4'), import('@smithy/hash-node')]);
    const signer = new SignatureV4({ credentials, region, service, sha256: Hash.bind(null, 'sha256'), applyChecksum: false });
    sign = async () => {
      const out = await signer.sign(
        { method: 'GET', protocol: 'https:', hostname: 'mediaconnect.us-east-1.amazonaws.com', path: '/v1/flows', query: { maxResults: '20' }, headers: { ...headers, host: 'mediaconnect.us-east-1.amazonaws.com' } },
        { signingDate },
      );
      return SIG.exec(out.headers.authorization)[1];
    };
    break;
  }
  case 'aws4': {
    const { default: aws4 } = await import('aws4');
    sign = () => {
      const out = aws4.sign({ method: 'GET', host: 'mediaconnect.us-east-1.amazonaws.com', path: '/v1/flows?maxResults=20', service, region, headers: { ...headers, 'X-Amz-Date': amzDate() } }, credentials);
      return SIG.exec(out.headers.Authorization)[1];
    };
    break;
  }
  case 'aws4fetch': {
    const { AwsV4Signer } = await import('aws4fetch');
    sign = async () => {
      const out = await new AwsV4Signer({ url, headers, ...credentials, service, region, datetime: amzDate() }).sign();
      return SIG.exec(out.headers.get('authorization'))[1];
    };
    break;
  }
  default:
    throw new Error(`unknown target ${target}`);
}
const t1 = performance.now();
const sig = await sign();
const t2 = performance.now();
process.stdout.write(JSON.stringify({ importMs: t1 - t0, firstSignMs: t2 - t1, totalMs: t2 - t0, sig }));
