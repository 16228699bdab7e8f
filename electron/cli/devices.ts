/** `vpp-desk devices [--json | --csv]`: serial numbers holding licenses, with how many apps each. */
import { call, type Core } from '../core/app';
import { parse } from './args';
import { readAll } from './data';
import { printJson, printLines } from './output';
import { table } from './table';

export async function devicesCommand(core: Core, args: string[]): Promise<void> {
  const { values } = parse(args, { json: { type: 'boolean' }, csv: { type: 'boolean' } });
  if (values.csv === true) {
    process.stdout.write((await call(core.handlers, 'holders:csv', { what: 'devices' })).csv);
    return;
  }
  const rows = await readAll(core, 'devices:query', {});
  if (values.json === true) return printJson(rows);
  printLines(
    table(
      rows,
      [
        { header: 'serialNumber', cell: (r) => r.serialNumber },
        { header: 'apps', cell: (r) => r.apps },
      ],
      '(no devices)',
    ),
  );
}
