/** Sync: reading Apple's assets, users and assignments into the cache, on demand and on a schedule. */
export type { SyncApple } from './apple-port';
export { SyncEngine, type SyncDeps, type SyncTrigger } from './engine';
export { Scheduler } from './scheduler';
export { syncWorkersStarted } from './part-writer';
