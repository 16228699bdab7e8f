// The deployments list's filters read the build's byte arrays, and keep exactly the rows the row test keeps.
import { describe, expect, it } from 'vitest';
import { deploymentFilter } from '../../../../electron/core/views/deployment-filter';
import { buildDeploymentRows, STATES } from '../../../../electron/core/views/deployment-rows';
import { now } from '../../../../electron/core/views/steps';
import { deployment, user, usersById } from '../../../helpers/cache';
import type { CachedDeployment } from '../../../../electron/core/cache/schema';
import type { Filter } from '../../../../electron/core/views/paging';
import type { DeploymentRow } from '../../../../shared/domain';

const users = usersById([user('u-acc'), user('u-pend', 'Registered', { inviteCode: 'A' }), user('u-ret', 'Retired')]);
const cached: CachedDeployment[] = Array.from({ length: 60 }, (_, i) =>
  deployment(['u-acc', 'u-pend', 'u-ret', 'ghost'][i % 4] as string, {
    adamId: String(1 + (i % 3)),
    action: i % 7 === 0 ? 'uninstall' : 'required',
    state: STATES[i % STATES.length],
  }),
);
const build = () => now(buildDeploymentRows(cached, users, (id) => `App ${id}`)).index;

const kept = (rows: DeploymentRow[], filter: Filter<DeploymentRow> | undefined) => {
  if (!filter) return rows.map((_, i) => i);
  if (typeof filter === 'function') throw new Error('a pick by index was expected');
  return Array.from(filter.select(rows));
};

describe('deploymentFilter', () => {
  it('keeps the rows whose app, action, state and terms status are those asked for, in every combination', () => {
    const index = build();
    let checked = 0;
    for (const adamId of [undefined, '', '1', '3', 'nope']) {
      for (const action of [undefined, 'required', 'uninstall'] as const) {
        for (const state of [undefined, ...STATES]) {
          for (const terms of [undefined, 'accepted', 'pending', 'retired', 'not-invited'] as const) {
            const [filter, key] = deploymentFilter({ adamId, action, state, terms }, () => index);
            const want = index.rows.flatMap((r, i) =>
              (!adamId || r.adamId === adamId) &&
              (!action || r.action === action) &&
              (!state || r.state === state) &&
              (!terms || r.termsStatus === terms)
                ? [i]
                : [],
            );
            expect(kept(index.rows, filter), key).toEqual(want);
            checked += want.length;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('no filter asked for: none, and an empty key', () => {
    expect(deploymentFilter({}, () => build())).toEqual([undefined, '']);
  });

  it('tests rows of another build (or of none) by the row itself, never by bytes of other rows', () => {
    const index = build();
    const other = build();
    // The same rows in another order: the index's bytes at each position belong to another row.
    const reversed = [...other.rows].reverse();
    const [filter] = deploymentFilter({ state: 'failed', adamId: '1' }, () => index);
    const want = reversed.flatMap((r, i) => (r.state === 'failed' && r.adamId === '1' ? [i] : []));
    expect(want.length).toBeGreaterThan(0);
    expect(kept(reversed, filter)).toEqual(want);
    const [noIndex] = deploymentFilter({ state: 'failed', adamId: '1' }, () => null);
    expect(kept(reversed, noIndex)).toEqual(want);
  });
});
