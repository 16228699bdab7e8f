/**
 * `vpp-desk deployments [--app ID] [--status S] [--terms T] [--json | --csv]` and
 * `vpp-desk activity [--user ID] [--app ID] [--kind K] [--source S] [--since T] [--until T] [--json | --csv]`
 */
import { ActivityKind, ActivitySource, DeploymentState, TermsStatus } from '../../shared/domain';
import { call, type Core } from '../core/app';
import { choice, parse, str } from './args';
import { readAll } from './data';
import { printJson, printLines, printText, UsageError } from './output';

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
  if (values.json === true) return printJson(shaped);
  printLines(
    shaped.length === 0
      ? ['(no activity)']
      : shaped.map((r) => [r.at, r.kind, r.source, r.actor ?? '', r.message].join('\t')),
  );
}
