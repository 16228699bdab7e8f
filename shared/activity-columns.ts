/** The activity log's CSV columns, one list for the window's export, core's and the CLI's `activity --csv`. */
import type { ActivityEntry } from './domain';

export const ACTIVITY_CSV_COLUMNS = [
  'at',
  'kind',
  'source',
  'actor',
  'adamId',
  'clientUserId',
  'serialNumber',
  'message',
] as const satisfies ReadonlyArray<keyof ActivityEntry>;
