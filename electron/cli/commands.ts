/**
 * The CLI's commands by name: adding one is a line here and its own file.
 * Each is loaded when run, so a command's modules (CSV parsing, the zip
 * writer, the preview's HTTP server, the report) cost the others nothing:
 * `vpp-desk token status` and `vpp-desk apps` are often run from scripts.
 */
import type { Core } from '../core/app';

/** 'keep-running' leaves the process up (the preview host); anything else ends it. */
export type Command = (core: Core, args: string[]) => Promise<undefined | 'keep-running'> | Promise<void>;

type Load = () => Promise<Command>;

export const COMMANDS: Readonly<Record<string, Load>> = {
  token: async () => (await import('./token')).tokenCommand,
  sync: async () => (await import('./sync')).syncCommand,
  schedule: async () => (await import('./schedule')).scheduleCommand,
  apps: async () => (await import('./data')).appsCommand,
  users: async () => (await import('./data')).usersCommand,
  assignments: async () => (await import('./data')).assignmentsCommand,
  deploy: async () => (await import('./deploy')).deployCommand,
  deployments: async () => (await import('./deployments')).deploymentsCommand,
  activity: async () => (await import('./deployments')).activityCommand,
  alerts: async () => (await import('./insight')).alertsCommand,
  history: async () => (await import('./insight')).historyCommand,
  report: async () => (await import('./insight')).reportCommand,
  preview: async () => (await import('./preview')).previewCommand,
  diagnostics: async () => (await import('./diagnostics')).diagnosticsCommand,
  holders: async () => (await import('./holders')).holdersCommand,
  holdings: async () => (await import('./holdings')).holdingsCommand,
  devices: async () => (await import('./devices')).devicesCommand,
  reclaim: async () => (await import('./reclaim')).reclaimCommand,
  revoke: async () => (await import('./revoke')).revokeCommand,
  retire: async () => (await import('./retire')).retireCommand,
};

/** The command's loader, or undefined for a name that is no command. */
export function commandFor(name: string): Load | undefined {
  return Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
}
