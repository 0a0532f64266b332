/**
 * `sigv4-kit/node`: the parts that need Node (or the Node compatibility of Deno and Bun): credential
 * providers that read files, start processes or call the container and instance metadata endpoints,
 * and the `node:http` verification middleware. The portable entry (`sigv4-kit`) never imports this
 * module, so none of it reaches a browser or worker bundle; the package exports it under the `node`
 * condition only.
 * @example
 * import { signRequest } from 'sigv4-kit';
 * import { fromDefaultChain } from 'sigv4-kit/node';
 * @module
 */
export { fromIni, type IniOptions } from './credentials/profile/ini.js';
export type { ProfileProviderOptions } from './credentials/profile/profileChain.js';
export { fromProcess, type ProcessOptions, type SpawnFunction } from './credentials/profile/process.js';
export { fromContainerMetadata, type ContainerMetadataOptions } from './credentials/metadata/containerMetadata.js';
export type { LookupFunction } from './credentials/metadata/containerUrl.js';
export { fromInstanceMetadata, type InstanceMetadataOptions } from './credentials/metadata/instanceMetadata.js';
export { fromDefaultChain, type DefaultChainOptions } from './credentials/defaultChain.js';
export { fromSso, type SsoOptions } from './credentials/sso/fromSso.js';
export { fromLogin, type LoginOptions } from './credentials/login/fromLogin.js';
export type { WritePrivateFile, SessionProviderOptions } from './credentials/tokenFile.js';
export {
  withSigV4,
  readVerifiedRequest,
  type SigV4HttpOptions,
  type VerifiedRequest,
  type HttpVerifyOutcome,
  type NodeLikeRequest,
  type NodeLikeResponse,
  type NodeLikeSocket,
} from './verify/http.js';
export {
  createSigningProxy,
  DEFAULT_MAX_BODY_BYTES,
  type SigningProxyOptions,
  type ProxyHandler,
  type ProxyLogEntry,
} from './proxy/signingProxy.js';
export { createVerifyingProxy, type VerifyingProxyOptions } from './proxy/verifyingProxy.js';
export { keysFromFile, type KeysFileIo, type KeyLookup } from './proxy/keysFile.js';
export { isLoopbackAddress } from './proxy/listen.js';
