// Signs a MediaConnect ListFlows request with AWS's documented example keys and shows each SigV4 stage.
import { presignUrl, signRequest } from '../dist/index.js';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const request = { method: 'GET', url: 'https://mediaconnect.us-east-1.amazonaws.com/v1/flows?maxResults=20' };
const signed = signRequest(request, { credentials, region: 'us-east-1', service: 'mediaconnect' });
console.log('Canonical request:\n' + signed.canonicalRequest + '\n');
console.log('String to sign:\n' + signed.stringToSign + '\n');
console.log('Headers to send:', signed.headers);
const { url } = presignUrl(request, { credentials, region: 'us-east-1', service: 'mediaconnect', expiresIn: 900 });
console.log('\nPresigned for 15 minutes:\n' + url);
