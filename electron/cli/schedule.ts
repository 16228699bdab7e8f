/** `vpp-desk schedule [--every <hours>] [--json]`: show or set how often the scheduled sync runs. */
import { call, type Core } from '../core/app';
import { parse, str } from './args';
import { printJson, printLines, UsageError } from './output';
import { formatDate, table, type Column } from './table';
import type { SyncHistoryEntry, SyncStatus } from '../../shared/domain';

/** Enough recent syncs to see a pattern (failing since Tuesday) without scrolling. */
const RECENT = 10;

const HISTORY_COLUMNS: ReadonlyArray<Column<SyncHistoryEntry>> = [
  // When it ended, as "Last sync" above says.
  { header: 'finishedAt', cell: (s) => formatDate(s.finishedAt) },
  { header: 'trigger', cell: (s) => s.trigger },
  { header: 'result', cell: (s) => (s.ok ? 'ok' : 'failed') },
  { header: 'mode', cell: (s) => s.summary?.mode },
  { header: 'seconds', cell: (s) => (s.summary ? Math.round(s.summary.durationMs / 100) / 10 : null) },
  { header: 'error', cell: (s) => s.error, max: 80 },
];

export async function scheduleCommand(core: Core, args: string[]): Promise<void> {
  const { values } = parse(args, { every: { type: 'string' }, json: { type: 'boolean' } });
  const every = str(values.every);
  let status: SyncStatus;
  if (every !== undefined) {
    const hours = Number(every.replace(/h$/i, ''));
    if (!Number.isInteger(hours) || hours < 1 || hours > 168)
      throw new UsageError('--every takes whole hours from 1 to 168 (12 = twice a day).');
    status = await call(core.handlers, 'sync:schedule', { intervalHours: hours });
  } else {
    status = await call(core.handlers, 'sync:status', {});
  }
  if (values.json === true)
    return printJson({
      intervalHours: status.intervalHours,
      lastSyncAt: status.lastSyncAt,
      nextSyncAt: status.nextSyncAt,
      paused: status.paused,
    });
  printLines([
    `Sync every:  ${status.intervalHours} hour(s)`,
    `Last sync:   ${formatDate(status.lastSyncAt, 'never')}`,
    `Next sync:   ${status.paused ? `paused: ${status.paused}` : formatDate(status.nextSyncAt, 'after a token is uploaded')}`,
    '',
    'Recent syncs, newest first:',
    // history is kept oldest first.
    ...table(status.history.slice(-RECENT).reverse(), HISTORY_COLUMNS, '(no syncs yet)'),
  ]);
}
