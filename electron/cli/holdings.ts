/** `vpp-desk holdings (--user <id> | --serial <sn>) [--json]`: the apps one user or one device holds. */
import { call, type Core } from '../core/app';
import { parse, str } from './args';
import { printJson, printLines, UsageError } from './output';
import { table, type Column } from './table';
import type { HoldingRow } from '../../shared/holders';

const HOLDING_COLUMNS: ReadonlyArray<Column<HoldingRow>> = [
  { header: 'adamId', cell: (r) => r.adamId },
  { header: 'pricingParam', cell: (r) => r.pricingParam },
  { header: 'name', cell: (r) => r.name },
  { header: 'assignedBy', cell: (r) => r.assignedBy },
];

export const HOLDER_USAGE = 'Name one user (--user <id>) or one device (--serial <serial number>).';

/** --user or --serial, exactly one. */
export function holderRef(values: Record<string, string | boolean | undefined>): {
  clientUserId?: string;
  serialNumber?: string;
} {
  const user = str(values.user);
  const serial = str(values.serial);
  if ((user === undefined) === (serial === undefined)) throw new UsageError(HOLDER_USAGE);
  return user !== undefined ? { clientUserId: user } : { serialNumber: serial ?? '' };
}

export async function holdingsCommand(core: Core, args: string[]): Promise<void> {
  const { values } = parse(args, { user: { type: 'string' }, serial: { type: 'string' }, json: { type: 'boolean' } });
  const holdings = await call(core.handlers, 'holdings:get', holderRef(values));
  const apps = holdings.apps.map(({ adamId, pricingParam, name }) => ({ adamId, pricingParam, name }));
  if (values.json === true) return printJson(apps);
  printLines(table(holdings.apps, HOLDING_COLUMNS, '(no licenses)'));
}
