/**
 * The diagnostics log of one process (the app, the CLI, the preview host):
 * where it lives in the data folder, and which of core's events it records.
 */
import path from 'node:path';
import { LOG_DIR, RotatingLog, type CoreEvents, type Unsubscribe } from '../base';
import type { CoreConfig } from './config';

export function openLog(config: CoreConfig, source: string): RotatingLog {
  return new RotatingLog({ dir: path.join(config.dataDir, LOG_DIR), source });
}

/** What happened, for support: the admin's notices and what changed (never the data itself). */
export function logCoreEvents(events: CoreEvents, log: RotatingLog): Unsubscribe {
  const offs = [
    events.on('notify', (notice) => log.info(`notice: ${notice.title}: ${notice.body}`)),
    events.on('state:changed', ({ reason }) => log.info(`state changed: ${reason}`)),
  ];
  return () => {
    for (const off of offs) off();
  };
}
