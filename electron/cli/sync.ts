/** `vpp-desk sync [--full] [--json]` */
import { call, type Core } from '../core/app';
import { LOOKUP_BATCH, LOOKUP_REQUESTS_PER_SECOND } from '../core/apple';
import { parse } from './args';
import { printJson, printLines } from './output';

export async function syncCommand(core: Core, args: string[]): Promise<void> {
  const { values } = parse(args, { full: { type: 'boolean' }, json: { type: 'boolean' } });
  const summary = await call(core.handlers, 'sync:now', { full: values.full === true });
  if (values.json === true) printJson(summary);
  else
    printLines([
      `${summary.mode === 'full' ? 'Full' : 'Incremental'} sync done in ${(summary.durationMs / 1000).toFixed(1)} s: ${summary.assets} apps, ${summary.users} users, ${summary.assignments} assignments.`,
    ]);
  // The command then waits for the app names the sync asked Apple's store service for, at that service's own
  // rate (~20 s for 5,000 new apps): said on stderr so the wait does not read as a hang, stdout left as it is.
  const names = core.namesPending();
  if (names > 0) process.stderr.write(`${namesNotice(names)}\n`);
}

export function namesNotice(names: number): string {
  const seconds = Math.ceil(names / LOOKUP_BATCH / LOOKUP_REQUESTS_PER_SECOND);
  const about = seconds > 1 ? ` (about ${seconds} s)` : '';
  return (
    `Looking up ${names.toLocaleString('en-US')} app ${names === 1 ? 'name' : 'names'} at Apple's store service${about}; ` +
    'Ctrl+C skips them: the apps keep their IDs until the next sync looks them up again.'
  );
}
