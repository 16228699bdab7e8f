import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useInsightStore } from '../../../renderer/stores/insight-store';
import { ruleFor } from '../../../shared/low-stock';
import { fail, ok, stubVpp } from './helpers';
import type { VppApi } from '../../../shared/api';
import type { AlertRow, AlertsResult, LowStockSettingsResult } from '../../../shared/insight';

const INITIAL = useInsightStore.getState();

const SETTINGS: LowStockSettingsResult = {
  rule: { percent: 10, minLeft: 5 },
  text: '10% or 5',
  words: 'Low when 10 % or 5 licenses left, whichever is more',
  overrides: [],
};
const CANVA: AlertRow = {
  adamId: '1',
  pricingParam: 'STDQ',
  name: 'Canva',
  available: 2,
  purchased: 40,
  threshold: 5,
  runsOutInDays: 3,
  rule: SETTINGS.words,
};

beforeEach(() => useInsightStore.setState(INITIAL, true));
afterEach(() => vi.unstubAllGlobals());

describe('insight store', () => {
  it('loads the alerts and the rule, in words and in the form the flag judges with', async () => {
    stubVpp({ getAlerts: () => ok<AlertsResult>({ settings: SETTINGS, alerts: [CANVA] }) });
    await useInsightStore.getState().load();
    const s = useInsightStore.getState();
    expect(s.alerts).toEqual([CANVA]);
    expect(s.settings?.words).toBe(SETTINGS.words);
    expect(ruleFor(s.rules, '9', 'STDQ')).toEqual({ percent: 10, minLeft: 5 });
  });

  it('keeps what it showed when the read fails', async () => {
    stubVpp({ getAlerts: () => ok<AlertsResult>({ settings: SETTINGS, alerts: [CANVA] }) });
    await useInsightStore.getState().load();
    stubVpp({ getAlerts: () => fail('INTERNAL', 'no') });
    await useInsightStore.getState().load();
    expect(useInsightStore.getState().alerts).toEqual([CANVA]);
  });

  it('reads again when asked while a read is in flight, so a sync that just ended is not missed', async () => {
    let answer: AlertRow[] = [];
    const getAlerts = vi.fn<VppApi['getAlerts']>(() => ok({ settings: SETTINGS, alerts: answer }));
    stubVpp({ getAlerts });
    const first = useInsightStore.getState().load();
    answer = [CANVA];
    const second = useInsightStore.getState().load();
    await Promise.all([first, second]);
    expect(getAlerts).toHaveBeenCalledTimes(2);
    expect(useInsightStore.getState().alerts).toEqual([CANVA]);
  });

  it('saves the organisation rule as typed and re-reads the alerts it changes', async () => {
    const stricter: LowStockSettingsResult = {
      ...SETTINGS,
      rule: { percent: 0, minLeft: 20 },
      text: '20',
      words: 'Low when 20 licenses left or fewer',
    };
    const setLowStockRule = vi.fn<VppApi['setLowStockRule']>(() => ok(stricter));
    const getAlerts = vi.fn<VppApi['getAlerts']>(() => ok({ settings: stricter, alerts: [CANVA] }));
    stubVpp({ setLowStockRule, getAlerts });
    await useInsightStore.getState().setRule('20');
    expect(setLowStockRule).toHaveBeenCalledWith({ rule: '20' });
    expect(getAlerts).toHaveBeenCalled();
    expect(useInsightStore.getState().settings?.text).toBe('20');
    expect(useInsightStore.getState().alerts).toEqual([CANVA]);
  });

  it("passes core's refusal on to the editor", async () => {
    stubVpp({ setLowStockRule: () => fail('VALIDATION', '"lots" is not a low-stock rule.') });
    await expect(useInsightStore.getState().setRule('lots')).rejects.toThrow('"lots" is not a low-stock rule.');
    expect(useInsightStore.getState().settings).toBeNull();
  });
});
