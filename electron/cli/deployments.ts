/** `vpp-desk deployments [--app ID] [--status S] [--terms T] [--json | --csv]` and `vpp-desk activity [--json | --csv]` */
import type { ActivityEntry, DeploymentRow } from '../../shared/domain';
import { DeploymentState, TermsStatus } from '../../shared/domain';
import type { ExportResult } from '../../shared/contract';
import { call } from '../core/dispatch';
import type { Core } from '../core/handlers';
import { parse, str } from './args';
import { readAll } from './data';
import { printJson, printLines, UsageError } from './output';
import type { z } from 'zod';

type Exported = z.infer<typeof ExportResult>;

export async function deploymentsCommand(core: Core, args: string[]): Promise<void> {
  const { values } = parse(args, {
    app: { type: 'string' },
    status: { type: 'string' },
    terms: { type: 'string' },
    json: { type: 'boolean' },
    csv: { type: 'boolean' },
  });
  const status = str(values.status);
  const terms = str(values.terms);
  if (status !== undefined && !DeploymentState.safeParse(status).success) throw new UsageError(`--status must be one of ${DeploymentState.options.join(', ')}.`);
  if (terms !== undefined && !TermsStatus.safeParse(terms).success) throw new UsageError(`--terms must be one of ${TermsStatus.options.join(', ')}.`);
  const query = { ...(str(values.app) ? { adamId: str(values.app) } : {}), ...(status ? { state: status } : {}), ...(terms ? { terms } : {}) };
  if (values.csv === true) {
    const out = (await call(core.handlers, 'export:csv', { what: 'deployments', query })) as Exported;
    process.stdout.write(out.csv);
    return;
  }
  const rows = await readAll<DeploymentRow>(core, 'deployments:query', query);
  const shaped = rows.map(({ adamId, pricingParam, clientUserId, email, action, state, termsStatus, reason, updatedAt }) => ({
    adamId,
    pricingParam,
    clientUserId,
    email,
    action,
    state,
    termsStatus,
    reason,
    updatedAt,
  }));
  if (values.json === true) return printJson(shaped);
  if (shaped.length === 0) return printLines(['(no deployments)']);
  printLines(shaped.map((r) => [r.adamId, r.pricingParam, r.clientUserId, r.action, r.state, r.termsStatus, r.reason ?? ''].join('\t')));
}

export async function activityCommand(core: Core, args: string[]): Promise<void> {
  const { values } = parse(args, { json: { type: 'boolean' }, csv: { type: 'boolean' } });
  if (values.csv === true) {
    const out = (await call(core.handlers, 'export:csv', { what: 'activity' })) as Exported;
    process.stdout.write(out.csv);
    return;
  }
  const rows = await readAll<ActivityEntry>(core, 'activity:query');
  if (values.json === true) return printJson(rows);
  printLines(rows.length === 0 ? ['(no activity)'] : rows.map((r) => `${r.at}\t${r.kind}\t${r.message}`));
}
