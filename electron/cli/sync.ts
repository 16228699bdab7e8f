/** `vpp-desk sync [--full] [--json]` */
import { call, type Core } from '../core/app';
import { parse } from './args';
import { printJson, printLines } from './output';

export async function syncCommand(core: Core, args: string[]): Promise<void> {
  const { values } = parse(args, { full: { type: 'boolean' }, json: { type: 'boolean' } });
  const summary = await call(core.handlers, 'sync:now', { full: values.full === true });
  if (values.json === true) return printJson(summary);
  printLines([
    `${summary.mode === 'full' ? 'Full' : 'Incremental'} sync done in ${(summary.durationMs / 1000).toFixed(1)} s: ${summary.assets} apps, ${summary.users} users, ${summary.assignments} assignments.`,
  ]);
}
