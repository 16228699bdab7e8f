/** `vpp-desk holders <adamId> [--pricing STDQ|PLUS] [--json | --csv]`: who holds an app's licenses (users and devices). */
import { PricingParam } from '../../shared/domain';
import { call, type Core } from '../core/app';
import { choice, parse } from './args';
import { appNames, readAll } from './data';
import { printJson, printLines, UsageError } from './output';
import { formatDate, table, type Column } from './table';
import type { HolderRow } from '../../shared/holders';

function holderColumns(appName: (adamId: string) => string): ReadonlyArray<Column<HolderRow>> {
  return [
    { header: 'app', cell: (r) => appName(r.adamId), max: 30 },
    { header: 'pricingParam', cell: (r) => r.pricingParam },
    { header: 'clientUserId', cell: (r) => r.clientUserId },
    { header: 'serialNumber', cell: (r) => r.serialNumber },
    { header: 'email', cell: (r) => r.email },
    { header: 'termsStatus', cell: (r) => r.termsStatus },
    { header: 'assignedBy', cell: (r) => r.assignedBy },
    // Apple does not say when another tool assigned a license.
    { header: 'since', cell: (r) => formatDate(r.since) },
  ];
}

const USAGE = 'usage: vpp-desk holders <adamId> [--pricing STDQ|PLUS] [--json | --csv]';

export async function holdersCommand(core: Core, args: string[]): Promise<void> {
  const { values, positionals } = parse(args, {
    pricing: { type: 'string' },
    json: { type: 'boolean' },
    csv: { type: 'boolean' },
  });
  const adamId = positionals[0];
  if (!adamId || positionals.length > 1) throw new UsageError(`Name one app by its numeric adamId. ${USAGE}`);
  const pricing = choice(values.pricing, 'pricing', PricingParam.options);
  const app = { adamId, ...(pricing ? { pricingParam: pricing } : {}) };
  if (values.csv === true) {
    process.stdout.write((await call(core.handlers, 'holders:csv', { what: 'holders', ...app })).csv);
    return;
  }
  const holders = await readAll(core, 'holders:query', app);
  if (values.json !== true) {
    const appName = await appNames(core);
    return printLines(table(holders, holderColumns(appName), '(nobody holds this app)'));
  }
  const rows = holders.map(
    ({ adamId: id, pricingParam, clientUserId, serialNumber, email, termsStatus, assignedBy }) => ({
      adamId: id,
      pricingParam,
      clientUserId,
      serialNumber,
      email,
      termsStatus,
      assignedBy,
    }),
  );
  printJson(rows);
}
