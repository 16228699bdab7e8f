/**
 * When an app's licenses count as running low: 10% or fewer of those
 * purchased are left, and never fewer than one to trigger. One rule for
 * core's "low stock only" filter and the window's highlight, so they agree.
 */
export const LOW_STOCK_RATIO = 0.1;

export function isLowStock(app: { totalCount: number; availableCount: number }): boolean {
  return app.totalCount > 0 && app.availableCount <= Math.max(1, Math.floor(app.totalCount * LOW_STOCK_RATIO));
}
