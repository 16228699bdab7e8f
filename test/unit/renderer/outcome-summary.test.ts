import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../../renderer/lib/format';
import { countByState, outcomeSummary } from '../../../renderer/lib/outcome-summary';
import { deploymentRow } from './helpers';

describe('countByState', () => {
  it('counts rows per deployment state, in the order states first appear', () => {
    const rows = [
      deploymentRow({ clientUserId: 'u1', state: 'assigned' }),
      deploymentRow({ clientUserId: 'u2', state: 'failed' }),
      deploymentRow({ clientUserId: 'u3', state: 'assigned' }),
      deploymentRow({ clientUserId: 'u4', state: 'pending-terms' }),
      deploymentRow({ clientUserId: 'u5', state: 'assigned' }),
    ];
    expect([...countByState(rows)]).toEqual([
      ['assigned', 3],
      ['failed', 1],
      ['pending-terms', 1],
    ]);
  });

  it('is empty for no rows', () => {
    expect(countByState([]).size).toBe(0);
  });
});

describe('outcomeSummary', () => {
  it('reads as a list of counts with the state labels in lower case', () => {
    const rows = [
      deploymentRow({ clientUserId: 'u1', state: 'assigned' }),
      deploymentRow({ clientUserId: 'u2', state: 'assigned' }),
      deploymentRow({ clientUserId: 'u3', state: 'pending-terms' }),
      deploymentRow({ clientUserId: 'u4', state: 'failed' }),
    ];
    expect(outcomeSummary(rows)).toBe('2 assigned, 1 pending terms, 1 failed');
  });

  it('names reclaims for an uninstall', () => {
    const rows = [
      deploymentRow({ action: 'uninstall', state: 'reclaimed' }),
      deploymentRow({ action: 'uninstall', state: 'reclaiming' }),
    ];
    expect(outcomeSummary(rows)).toBe('1 reclaimed, 1 reclaiming');
  });

  it('groups large counts like the rest of the window', () => {
    const rows = Array.from({ length: 1200 }, (_, i) => deploymentRow({ clientUserId: `u${i}` }));
    expect(outcomeSummary(rows)).toBe(`${formatNumber(1200)} assigned`);
  });

  it('says "no changes" when nothing was deployed', () => {
    expect(outcomeSummary([])).toBe('no changes');
  });
});
