/**
 * Mirrors core's low-stock rule (queries.ts, used by the lowStockOnly
 * filter) so a highlighted row and the filter always agree: 10% or fewer of
 * the purchased licenses left, and never fewer than one to trigger.
 */
import type { AppRow } from '../../shared/domain';

const LOW_STOCK_RATIO = 0.1;

export function isLowStock(app: Pick<AppRow, 'totalCount' | 'availableCount'>): boolean {
  return app.totalCount > 0 && app.availableCount <= Math.max(1, Math.floor(app.totalCount * LOW_STOCK_RATIO));
}
