/** `vpp-desk deployments [--app ID] [--status S] [--terms T] [--json | --csv]` and `vpp-desk activity [--json | --csv]` */
import { DeploymentState, TermsStatus } from '../../shared/domain';
import { call, type Core } from '../core/app';
import { choice, parse, str } from './args';
import { readAll } from './data';
import { printJson, printLines, printText } from './output';

export async function deploymentsCommand(core: Core, args: string[]): Promise<void> {
  const { values } = parse(args, {
    app: { type: 'string' },
    status: { type: 'string' },
    terms: { type: 'string' },
    json: { type: 'boolean' },
    csv: { type: 'boolean' },
  });
  const status = choice(values.status, 'status', DeploymentState.options);
  const terms = choice(values.terms, 'terms', TermsStatus.options);
  const query = {
    ...(str(values.app) ? { adamId: str(values.app) } : {}),
    ...(status ? { state: status } : {}),
    ...(terms ? { terms } : {}),
  };
  if (values.csv === true) {
    const out = await call(core.handlers, 'export:csv', { what: 'deployments', query });
    printText(out.csv);
    return;
  }
  const rows = await readAll(core, 'deployments:query', query);
  const shaped = rows.map(
    ({ adamId, pricingParam, clientUserId, email, action, state, termsStatus, reason, updatedAt }) => ({
      adamId,
      pricingParam,
      clientUserId,
      email,
      action,
      state,
      termsStatus,
      reason,
      updatedAt,
    }),
  );
  if (values.json === true) return printJson(shaped);
  if (shaped.length === 0) return printLines(['(no deployments)']);
  printLines(
    shaped.map((r) =>
      [r.adamId, r.pricingParam, r.clientUserId, r.action, r.state, r.termsStatus, r.reason ?? ''].join('\t'),
    ),
  );
}

export async function activityCommand(core: Core, args: string[]): Promise<void> {
  const { values } = parse(args, { json: { type: 'boolean' }, csv: { type: 'boolean' } });
  if (values.csv === true) {
    const out = await call(core.handlers, 'export:csv', { what: 'activity' });
    printText(out.csv);
    return;
  }
  const rows = await readAll(core, 'activity:query', {});
  if (values.json === true) return printJson(rows);
  printLines(rows.length === 0 ? ['(no activity)'] : rows.map((r) => `${r.at}\t${r.kind}\t${r.message}`));
}
