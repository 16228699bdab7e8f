/** `vpp-desk schedule [--every <hours>] [--json]`: show or set how often the scheduled sync runs. */
import { call, type Core } from '../core/app';
import { parse, str } from './args';
import { printJson, printLines, UsageError } from './output';
import type { SyncStatus } from '../../shared/domain';

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
    `Last sync:   ${status.lastSyncAt ?? 'never'}`,
    `Next sync:   ${status.paused ? `paused: ${status.paused}` : (status.nextSyncAt ?? 'after a token is uploaded')}`,
  ]);
}
