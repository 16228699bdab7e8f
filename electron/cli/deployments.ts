/**
 * `vpp-desk deployments [--app ID] [--status S] [--terms T] [--json | --csv]` and
 * `vpp-desk activity [--user ID] [--app ID] [--kind K] [--source S] [--since T] [--until T] [--json | --csv]`
 */
import { ActivityKind, ActivitySource, DeploymentState, TermsStatus } from '../../shared/domain';
import { call, type Core } from '../core/app';
import { choice, parse, str } from './args';
import { appNames, readAll } from './data';
import { printJson, printLines, printText, UsageError } from './output';
import { formatDate, table, type Column } from './table';
import type { ActivityEntry, DeploymentRow } from '../../shared/domain';

const DEPLOYMENT_COLUMNS: ReadonlyArray<Column<DeploymentRow>> = [
  { header: 'adamId', cell: (r) => r.adamId },
  { header: 'app', cell: (r) => r.appName, max: 30 },
  { header: 'pricingParam', cell: (r) => r.pricingParam },
  { header: 'clientUserId', cell: (r) => r.clientUserId },
  { header: 'action', cell: (r) => r.action },
  { header: 'state', cell: (r) => r.state },
  { header: 'termsStatus', cell: (r) => r.termsStatus },
  { header: 'updatedAt', cell: (r) => formatDate(r.updatedAt) },
  { header: 'reason', cell: (r) => r.reason, max: 60 },
];

function activityColumns(appName: (adamId: string | null) => string): ReadonlyArray<Column<ActivityEntry>> {
  return [
    { header: 'at', cell: (r) => formatDate(r.at) },
    { header: 'kind', cell: (r) => r.kind },
    { header: 'source', cell: (r) => r.source },
    { header: 'actor', cell: (r) => r.actor, max: 20 },
    { header: 'app', cell: (r) => appName(r.adamId), max: 30 },
    { header: 'user/device', cell: (r) => r.clientUserId ?? r.serialNumber },
    // Last, so a long message only widens the line, never pushes other columns apart.
    { header: 'message', cell: (r) => r.message, max: 100 },
  ];
}

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
  if (values.json !== true) return printLines(table(rows, DEPLOYMENT_COLUMNS, '(no deployments)'));
  // The JSON shape is documented and scripted against: no appName added.
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
  printJson(shaped);
}

export async function activityCommand(core: Core, args: string[]): Promise<void> {
  const { values } = parse(args, {
    user: { type: 'string' },
    app: { type: 'string' },
    kind: { type: 'string' },
    source: { type: 'string' },
    since: { type: 'string' },
    until: { type: 'string' },
    json: { type: 'boolean' },
    csv: { type: 'boolean' },
  });
  const kind = choice(values.kind, 'kind', ActivityKind.options);
  const source = choice(values.source, 'source', ActivitySource.options);
  const time = (flag: 'since' | 'until') => {
    const text = str(values[flag]);
    if (text === undefined) return undefined;
    const t = Date.parse(text);
    if (Number.isNaN(t))
      throw new UsageError(`--${flag} takes a date or time, e.g. 2026-03-01 or 2026-03-01T09:00:00Z.`);
    return new Date(t).toISOString();
  };
  const since = time('since');
  const until = time('until');
  const filters = {
    ...(str(values.user) ? { clientUserId: str(values.user) } : {}),
    ...(str(values.app) ? { adamId: str(values.app) } : {}),
    ...(kind ? { kind } : {}),
    ...(source ? { source } : {}),
    ...(since ? { since } : {}),
    ...(until ? { until } : {}),
  };
  if (values.csv === true) {
    const out = await call(core.handlers, 'export:csv', { what: 'activity', activity: filters });
    printText(out.csv);
    return;
  }
  const rows = await readAll(core, 'activity:query', filters);
  if (values.json !== true) {
    const appName = await appNames(core);
    return printLines(table(rows, activityColumns(appName), '(no activity)'));
  }
  const shaped = rows.map(({ at, kind: k, source: s, actor, adamId, clientUserId, serialNumber, message }) => ({
    at,
    kind: k,
    source: s,
    actor,
    adamId,
    clientUserId,
    serialNumber,
    message,
  }));
  printJson(shaped);
}
