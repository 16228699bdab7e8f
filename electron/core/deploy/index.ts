/** Deployments: planning, the write journal, sending to Apple and applying its answers. */
export type { DeployApple } from './deploy-apple';
export { Deployments, type DeploymentDeps } from './runner';
export { HolderActions, type HolderActionsDeps } from './holder-actions';
