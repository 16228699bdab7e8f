/**
 * The activity log as CSV, built here because the export channel cannot
 * carry the kind filter: the file holds exactly the rows the admin sees.
 */
import { stringify } from 'csv-stringify/browser/esm/sync';
import { safeCsvCell } from '../../shared/csv-safe';
import { api } from '../api';
import type { ActivityEntry, ActivityKind } from '../../shared/domain';

export interface ActivityQueryInput {
  search: string;
  kind?: ActivityKind;
  sortBy: string;
  sortDir: 'asc' | 'desc';
}

export async function activityCsv(
  query: ActivityQueryInput,
): Promise<{ fileName: string; csv: string; count: number }> {
  const rows: ActivityEntry[] = [];
  const limit = 5000;
  for (let offset = 0; ; offset += limit) {
    const page = await api.queryActivity({ ...query, offset, limit });
    rows.push(...page.rows);
    if (rows.length >= page.total || page.rows.length === 0) break;
  }
  // Messages can quote Apple or an admin's input: nothing in them may run as a spreadsheet formula.
  const cells = rows.map((r) => [r.at, r.kind, r.message].map(safeCsvCell));
  const csv = stringify(cells, { header: true, columns: ['at', 'kind', 'message'] });
  const stamp = new Date().toISOString().slice(0, 10);
  return { fileName: `vpp-desk-activity-${stamp}.csv`, csv, count: rows.length };
}
