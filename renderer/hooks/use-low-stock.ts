/** Keeps the low-stock alerts current: read on mount and whenever cached data changed. */
import { useEffect } from 'react';
import { useAppStore } from '../stores/app-store';
import { useInsightStore } from '../stores/insight-store';

export function useLowStockAlerts(): void {
  const dataVersion = useAppStore((s) => s.dataVersion);
  const hasToken = useAppStore((s) => (s.token?.state ?? 'none') !== 'none');
  useEffect(() => {
    if (hasToken) void useInsightStore.getState().load();
  }, [dataVersion, hasToken]);
}
