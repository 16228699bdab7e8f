/** Commands that read the cache (they work offline): apps, users, assignments, activity. */
import { call, type Core } from '../core/app';
import { parse } from './args';
import { printJson, printLines } from './output';
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

function table(rows: Array<Record<string, unknown>>, columns: string[]): string[] {
  if (rows.length === 0) return ['(none)'];
  const widths = columns.map((c) => Math.min(40, Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length))));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.slice(0, 40).padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(columns), ...rows.map((r) => line(columns.map((c) => String(r[c] ?? ''))))];
}

const listing =
  <C extends PagedChannel>(
    channel: C,
    columns: string[],
    pick: (row: RowOf<C>) => Record<string, unknown> = (row) => ({ ...row }),
  ): Command =>
  async (core, args) => {
    const { values } = parse(args, { json: { type: 'boolean' } });
    const rows = await readAll(core, channel, {} as Filters<C>);
    const shaped = rows.map(pick);
    if (values.json === true) return printJson(shaped);
    printLines(table(shaped, columns));
  };

export const dataCommands: Readonly<Record<string, Command>> = {
  apps: listing(
    'apps:query',
    ['adamId', 'pricingParam', 'productType', 'name', 'totalCount', 'assignedCount', 'availableCount', 'retiredCount'],
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
  ),
  users: listing('users:query', ['clientUserId', 'email', 'status', 'termsStatus', 'inviteUrl']),
  assignments: listing('assignments:query', ['adamId', 'pricingParam', 'clientUserId', 'serialNumber']),
};
