/**
 * Low-stock alerts and the rule behind them, shared by the banner, the Apps
 * page's highlight, the Overview and its rule editor. Re-read whenever
 * cached data may have changed (a sync, a deployment, a rule change).
 */
import { create } from 'zustand';
import { api } from '../api';
import { DEFAULT_LOW_STOCK_SETTINGS, toLowStockSettings } from '../lib/low-stock-settings';
import type { AlertRow, LowStockSettingsResult } from '../../shared/insight';
import type { LowStockSettings } from '../../shared/low-stock';

interface InsightState {
  /** Null until the first answer. */
  alerts: AlertRow[] | null;
  settings: LowStockSettingsResult | null;
  /** The same settings in the form shared/low-stock.ts judges with. */
  rules: LowStockSettings;
  load(): Promise<void>;
  /** Sets the organisation default ("N", "N%" or "P% or N"); throws core's sentence when refused. */
  setRule(text: string): Promise<void>;
}

let loading: Promise<void> | null = null;
/** Data changed while a read was in flight: read once more so the answer is not stale. */
let again = false;

export const useInsightStore = create<InsightState>((set, get) => ({
  alerts: null,
  settings: null,
  rules: DEFAULT_LOW_STOCK_SETTINGS,

  load: () => {
    // Banner, Apps page and Overview ask together after a sync; one round trip answers them.
    if (loading) {
      again = true;
      return loading;
    }
    loading = (async () => {
      try {
        do {
          again = false;
          const { alerts, settings } = await api.getAlerts();
          set({ alerts, settings, rules: toLowStockSettings(settings) });
        } while (again);
      } catch {
        // Keep what was shown: the window works without alerts, and the pages say why on their own reads.
      } finally {
        loading = null;
      }
    })();
    return loading;
  },

  setRule: async (text) => {
    const settings = await api.setLowStockRule({ rule: text });
    set({ settings, rules: toLowStockSettings(settings) });
    await get().load();
  },
}));
