/** Commands that read the cache (they work offline): apps, users, assignments; readAll and appNames for the others. */
import { call, type Core } from '../core/app';
import { parse } from './args';
import { printJson, printLines } from './output';
import { table, type Cell } from './table';
import type { Channel, RequestOf, ResultOf } from '../../shared/contract';
import type { Command } from './commands';

const PAGE = 5000;

/** The channels that answer one page of rows at a time. */
type PagedChannel = { [C in Channel]: ResultOf<C> extends { rows: unknown[]; total: number } ? C : never }[Channel];
type RowOf<C extends PagedChannel> = ResultOf<C>['rows'][number];
type Filters<C extends PagedChannel> = Omit<RequestOf<C>, 'offset' | 'limit'>;

/** Reads every page of a query channel. */
export async function readAll<C extends PagedChannel>(
  core: Core,
  channel: C,
  filters: Filters<C>,
): Promise<Array<RowOf<C>>> {
  const rows: Array<RowOf<C>> = [];
  for (let offset = 0; ; offset += PAGE) {
    // Every paged channel's request is its filters plus offset and limit.
    const request = { ...filters, offset, limit: PAGE } as RequestOf<C>;
    const page = await call(core.handlers, channel, request);
    rows.push(...page.rows);
    if (rows.length >= page.total || page.rows.length === 0) return rows;
  }
}

/** App names by adamId, for listings whose rows carry only the id (read from the cache, so offline too). */
export async function appNames(core: Core): Promise<(adamId: string | null) => string> {
  const names = new Map<string, string>();
  for (const app of await readAll(core, 'apps:query', {})) names.set(app.adamId, app.name);
  // An app the cache no longer lists still shows its id rather than nothing.
  return (adamId) => (adamId === null ? '' : (names.get(adamId) ?? adamId));
}

/** The listings' rows are the query's own fields: strings, numbers and nulls. */
function cellOf(value: unknown): Cell {
  if (typeof value === 'string' || typeof value === 'number') return value;
  return value === null || value === undefined ? null : JSON.stringify(value);
}

const listing =
  <C extends PagedChannel>(
    channel: C,
    columns: string[],
    empty: string,
    pick: (row: RowOf<C>) => Record<string, unknown> = (row) => ({ ...row }),
  ): Command =>
  async (core, args) => {
    const { values } = parse(args, { json: { type: 'boolean' } });
    const rows = await readAll(core, channel, {} as Filters<C>);
    const shaped = rows.map(pick);
    if (values.json === true) return printJson(shaped);
    printLines(
      table(
        shaped,
        columns.map((key) => ({ header: key, cell: (r: Record<string, unknown>) => cellOf(r[key]) })),
        empty,
      ),
    );
  };

export const appsCommand: Command = listing(
  'apps:query',
  ['adamId', 'pricingParam', 'productType', 'name', 'totalCount', 'assignedCount', 'availableCount', 'retiredCount'],
  '(no apps)',
  (r) => ({
    adamId: r.adamId,
    pricingParam: r.pricingParam,
    productType: r.productType,
    name: r.name,
    totalCount: r.totalCount,
    assignedCount: r.assignedCount,
    availableCount: r.availableCount,
    retiredCount: r.retiredCount,
  }),
);

export const usersCommand: Command = listing(
  'users:query',
  ['clientUserId', 'email', 'status', 'termsStatus', 'inviteUrl'],
  '(no users)',
);

export const assignmentsCommand: Command = listing(
  'assignments:query',
  ['adamId', 'pricingParam', 'clientUserId', 'serialNumber'],
  '(no assignments)',
);
