/**
 * The activity log as CSV, built here so the file holds exactly the rows
 * the admin sees (every filter, search and sort of the page), with the same
 * columns as core's export and the CLI's `activity --csv`.
 */
import { stringify } from 'csv-stringify/browser/esm/sync';
import { ACTIVITY_CSV_COLUMNS } from '../../shared/activity-columns';
import { safeCsvCell } from '../../shared/csv-safe';
import { api } from '../api';
import type { ActivityEntry } from '../../shared/domain';
import type { ActivityFilterQuery } from './activity-filters';

export interface ActivityQueryInput extends ActivityFilterQuery {
  search: string;
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
  // Messages quote Apple and ids come from an MDM: nothing in them may run as a spreadsheet formula.
  const cells = rows.map((r) => ACTIVITY_CSV_COLUMNS.map((c) => safeCsvCell(r[c] ?? '')));
  const csv = stringify(cells, { header: true, columns: [...ACTIVITY_CSV_COLUMNS] });
  const stamp = new Date().toISOString().slice(0, 10);
  return { fileName: `vpp-desk-activity-${stamp}.csv`, csv, count: rows.length };
}
