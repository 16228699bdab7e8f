/** The VPP token: its file, its state and expiry, the keychain that holds it, and the upload rules. */
export { normaliseAppleDate, parseTokenFile, type ParsedToken } from './token-file';
export { TokenService, type ClientConfigApi, type MdmInfo, type TokenServiceDeps } from './token-service';
export { daysLeft, EXPIRY_WARNING_DAYS, tokenState, tokenStatus } from './token-state';
export { KeytarVault, MemoryVault, type Vault } from './vault';
