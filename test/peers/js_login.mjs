// The JS SDK v3's `aws login` provider (@aws-sdk/credential-provider-login) for one profile,
// printed as JSON. Usage: node js_login.mjs PROFILE SIGNIN_ENDPOINT
// Runs in the environment it is given (AWS_CONFIG_FILE, AWS_LOGIN_CACHE_DIRECTORY, ...).
import { fromLoginCredentials } from '@aws-sdk/credential-provider-login';

const [profile, endpoint] = process.argv.slice(2);
try {
  const creds = await fromLoginCredentials({ profile, clientConfig: { endpoint, region: 'us-east-1' } })();
  console.log(JSON.stringify({ ...creds, expiration: creds.expiration?.toISOString() }));
} catch (error) {
  console.log(JSON.stringify({ error: error?.name, message: String(error?.message) }));
}
