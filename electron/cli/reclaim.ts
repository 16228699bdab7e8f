/**
 * `vpp-desk reclaim --roster <file> [--app <adamId>] [--dry-run] [--json]`:
 * every license held by a user or device not on the roster is reclaimed
 * (disassociated); --dry-run lists them and sends nothing.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { call, type Core } from '../core/app';
import { parse, str } from './args';
import { printFreeOutcome, printFreePlan } from './free-output';
import { printLines, UsageError } from './output';

const USAGE = 'usage: vpp-desk reclaim --roster <file> [--app <adamId>] [--dry-run] [--json]';

export async function reclaimCommand(core: Core, args: string[]): Promise<void> {
  const { values } = parse(args, {
    roster: { type: 'string' },
    app: { type: 'string' },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
  });
  const file = str(values.roster);
  if (!file) throw new UsageError(`--roster is required. ${USAGE}`);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new UsageError(`Cannot read the roster file "${file}".`);
  }
  const adamId = str(values.app);
  const req = { roster: { fileName: path.basename(file), text }, ...(adamId ? { adamId } : {}) };
  const json = values.json === true;
  if (values['dry-run'] === true) {
    if (!json) printLines([`${(await call(core.handlers, 'reclaim:report', req)).sentence}.`]);
    return printFreePlan(await call(core.handlers, 'reclaim:plan', req), json);
  }
  const plan = await call(core.handlers, 'reclaim:plan', req);
  // Nothing outside the roster is a fine answer, not a failure.
  if (plan.licenses === 0) return printFreePlan(plan, json);
  printFreeOutcome(await call(core.handlers, 'reclaim:run', req), json);
}
