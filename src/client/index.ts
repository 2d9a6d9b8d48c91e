export { VoxcallClient } from './client.js';
export type { VoxcallClientOptions } from './client.js';
export { PushVerifier } from './push-verifier.js';
export type { PushVerifierOptions, PushVerdict } from './push-verifier.js';
export { encodeUrlParam, decodeUrlParam } from './url-param.js';
export { signedHeaders, CONTENT_TYPE } from './sign.js';
export type { CreatedIn } from './sign.js';
export { VoxcallClientError } from './errors.js';
export type * from './types.js';
