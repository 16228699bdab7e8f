/** Commands that read the cache (they work offline): apps, users, assignments, activity. */
import type { Core } from '../core/handlers';
import { call } from '../core/dispatch';
import type { Channel } from '../../shared/contract';
import { parse } from './args';
import { printJson, printLines } from './output';

const PAGE = 5000;

/** Reads every page of a query channel. */
export async function readAll<T>(core: Core, channel: Channel, query: Record<string, unknown> = {}): Promise<T[]> {
  const rows: T[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = (await call(core.handlers, channel, { ...query, offset, limit: PAGE })) as { total: number; rows: T[] };
    rows.push(...page.rows);
    if (rows.length >= page.total || page.rows.length === 0) return rows;
  }
}

function table(rows: Array<Record<string, unknown>>, columns: string[]): string[] {
  if (rows.length === 0) return ['(none)'];
  const widths = columns.map((c) => Math.min(40, Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length))));
  const line = (cells: string[]) => cells.map((cell, i) => cell.slice(0, 40).padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(columns), ...rows.map((r) => line(columns.map((c) => String(r[c] ?? ''))))];
}

const listing =
  (channel: Channel, columns: string[], pick?: (row: Record<string, unknown>) => Record<string, unknown>) =>
  async (core: Core, args: string[]): Promise<void> => {
    const { values } = parse(args, { json: { type: 'boolean' } });
    const rows = await readAll<Record<string, unknown>>(core, channel);
    const shaped = pick ? rows.map(pick) : rows;
    if (values.json === true) return printJson(shaped);
    printLines(table(shaped, columns));
  };

export const dataCommands: Record<string, (core: Core, args: string[]) => Promise<void>> = {
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
