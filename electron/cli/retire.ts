/** `vpp-desk retire --user <id> [--dry-run] [--json]`: the user leaves the program; their app licenses return. */
import { call, type Core } from '../core/app';
import { parse, str } from './args';
import { printFreeOutcome, printFreePlan } from './free-output';
import { UsageError } from './output';

export async function retireCommand(core: Core, args: string[]): Promise<void> {
  const { values } = parse(args, {
    user: { type: 'string' },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
  });
  const user = str(values.user);
  if (!user) throw new UsageError('usage: vpp-desk retire --user <id> [--dry-run] [--json]');
  const req = { clientUserIds: [user] };
  if (values['dry-run'] === true)
    return printFreePlan(await call(core.handlers, 'retire:plan', req), values.json === true);
  printFreeOutcome(await call(core.handlers, 'retire:run', req), values.json === true);
}
