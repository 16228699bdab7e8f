// Low-stock alerts are built before the write that records them (in a turn of their own, off the write's block);
// a change of the cache between the check and that write makes the write check again, so an app that is no
// longer low is never alerted from what the cache said before.
import { describe, expect, it } from 'vitest';
import { Emitter } from '../../../../electron/core/base/emitter';
import { Store } from '../../../../electron/core/cache/store';
import { HistoryFile, Insight } from '../../../../electron/core/insight';
import { Queries } from '../../../../electron/core/views/queries';
import { asset } from '../../../helpers/cache';
import { ManualClock } from '../../../helpers/clock';
import { tempDirs } from '../../../helpers/tmp-dirs';

const dir = tempDirs();

/** A history read during which `meanwhile` changes the cache, as a sync or another process may. */
class RacingHistory extends HistoryFile {
  meanwhile: (() => Promise<void>) | null = null;

  override async read() {
    await this.meanwhile?.();
    return super.read();
  }
}

async function setUp() {
  const home = await dir();
  const clock = new ManualClock();
  const store = await Store.open(home, clock);
  await store.update(
    (d) => {
      d.assets = [asset({ adamId: '1', totalCount: 100, availableCount: 3, assignedCount: 97 })];
      d.appNames['1'] = 'Keynote';
    },
    { snapshot: true },
  );
  const history = new RacingHistory(home, clock);
  const insight = new Insight({ store, clock, events: new Emitter(), queries: new Queries(store), history });
  const lowStockLines = async () => (await store.activity()).filter((a) => a.kind === 'low-stock');
  return { store, history, insight, lowStockLines };
}

describe('low-stock alerts built ahead of their write', () => {
  it('alerts an app that crossed, as built before the write', async () => {
    const { insight, lowStockLines } = await setUp();
    await insight.checkAlerts('system');
    expect((await lowStockLines()).map((a) => a.adamId)).toEqual(['1']);
  });

  it('checks again when the cache changed meanwhile: an app restocked since is not alerted', async () => {
    const { store, history, insight, lowStockLines } = await setUp();
    history.meanwhile = () =>
      store.update(
        (d) => {
          const a = d.assets[0];
          if (a) Object.assign(a, { availableCount: 60, assignedCount: 40 });
        },
        { snapshot: true },
      );
    await insight.checkAlerts('system');
    expect(await lowStockLines()).toEqual([]);
    expect(store.data.insight.alerted).toEqual([]);
  });
});
