/** The credential providers parity uses beyond the SDK's default chain. */
export { fromIni, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
