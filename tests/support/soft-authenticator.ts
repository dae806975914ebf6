// The software authenticator lives beside the scripts that also use it (npm run simulate, the demo seed).
export { SoftAuthenticator, type SoftCredential } from '../../scripts/lib/soft-authenticator'
