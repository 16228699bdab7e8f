/** Core's one door: the composition root and the validating dispatch every transport calls. */
export {
  APP_DIR_NAME,
  DEFAULT_API_URL,
  DEFAULT_KEYCHAIN_SERVICE,
  platformUserDataDir,
  resolveConfig,
  type CoreConfig,
} from './config';
export { createCore, PRODUCT_NAME, type CoreOptions } from './create-core';
export { call, dispatch } from './dispatch';
export { exportDiagnostics, type DiagnosticsMeta, type DiagnosticsResult } from './diagnostics';
export { logCoreEvents, openLog } from './logging';
export type { Core, Handlers, TrayState } from './handlers';
export type { CoreEvents, Notice, Unsubscribe } from '../base';
