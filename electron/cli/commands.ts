/** The CLI's commands by name: adding one is a line here and its own file. */
import { dataCommands } from './data';
import { deployCommand } from './deploy';
import { activityCommand, deploymentsCommand } from './deployments';
import { devicesCommand } from './devices';
import { diagnosticsCommand } from './diagnostics';
import { holdersCommand } from './holders';
import { holdingsCommand } from './holdings';
import { alertsCommand, historyCommand, reportCommand } from './insight';
import { previewCommand } from './preview';
import { reclaimCommand } from './reclaim';
import { retireCommand } from './retire';
import { revokeCommand } from './revoke';
import { scheduleCommand } from './schedule';
import { syncCommand } from './sync';
import { tokenCommand } from './token';
import type { Core } from '../core/app';

/** 'keep-running' leaves the process up (the preview host); anything else ends it. */
export type Command = (core: Core, args: string[]) => Promise<undefined | 'keep-running'> | Promise<void>;

export const COMMANDS: Readonly<Record<string, Command>> = {
  token: tokenCommand,
  sync: syncCommand,
  schedule: scheduleCommand,
  ...dataCommands,
  deploy: deployCommand,
  deployments: deploymentsCommand,
  activity: activityCommand,
  alerts: alertsCommand,
  history: historyCommand,
  report: reportCommand,
  preview: previewCommand,
  diagnostics: diagnosticsCommand,
  holders: holdersCommand,
  holdings: holdingsCommand,
  devices: devicesCommand,
  reclaim: reclaimCommand,
  revoke: revokeCommand,
  retire: retireCommand,
};

export function commandFor(name: string): Command | undefined {
  return Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
}
