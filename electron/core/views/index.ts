/** What the window and the CLI read: paged, filtered, sorted views of the cache, and CSV exports. */
export { toCsv } from './csv';
export { exportCsv } from './exports';
export { AppHolders, appHolderSetsBuiltInOneCall, holdersOf } from './app-holders';
export { Queries } from './queries';
export { Holders } from './holders';
export { reclaimReport } from './reclaim';
export { parseRoster, rosterSummary } from './roster';
export { inNameOrder } from './app-order';
export { collectSteps, due, inTurns, now, type Steps } from './steps';
