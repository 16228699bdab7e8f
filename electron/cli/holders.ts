/** `vpp-desk holders <adamId> [--pricing STDQ|PLUS] [--json | --csv]`: who holds an app's licenses (users and devices). */
import { PricingParam } from '../../shared/domain';
import { call, type Core } from '../core/app';
import { choice, parse } from './args';
import { readAll } from './data';
import { printJson, printLines, UsageError } from './output';

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
  const rows = (await readAll(core, 'holders:query', app)).map(
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
  if (values.json === true) return printJson(rows);
  if (rows.length === 0) return printLines(['(nobody holds this app)']);
  printLines(
    rows.map((r) =>
      [
        r.pricingParam,
        r.clientUserId ?? `device ${r.serialNumber ?? ''}`,
        r.email ?? '',
        r.termsStatus ?? '',
        r.assignedBy,
      ].join('\t'),
    ),
  );
}
