/** `vpp-desk revoke (--user <id> | --serial <sn>) [--dry-run] [--json]`: every license a user or device holds goes back. */
import { call, type Core } from '../core/app';
import { parse } from './args';
import { printFreeOutcome, printFreePlan } from './free-output';
import { holderRef } from './holdings';

export async function revokeCommand(core: Core, args: string[]): Promise<void> {
  const { values } = parse(args, {
    user: { type: 'string' },
    serial: { type: 'string' },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
  });
  const ref = holderRef(values);
  if (values['dry-run'] === true)
    return printFreePlan(await call(core.handlers, 'revoke:plan', ref), values.json === true);
  printFreeOutcome(await call(core.handlers, 'revoke:run', ref), values.json === true);
}
