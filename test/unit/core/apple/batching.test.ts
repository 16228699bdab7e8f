// Large writes split to service config limits (documented defaults until read).
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LIMITS,
  limitsFrom,
  splitManageAssets,
  splitRevoke,
  splitUsers,
  type ServiceConfig,
} from '../../../../electron/core/apple';
import { fixture } from './helpers';

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

describe('limits', () => {
  it("service config's limits win; a missing key keeps Apple's documented default", () => {
    const config = fixture<ServiceConfig>('service-config');
    const limits = limitsFrom({ ...config, limits: { ...config.limits, maxClientUserIds: 400 } });
    expect(limits.maxClientUserIds).toBe(400);
    expect(
      splitManageAssets({ assets: [{ adamId: '1' }], clientUserIds: ids('c', 1000) }, limits).map(
        (r) => r.clientUserIds?.length,
      ),
    ).toEqual([400, 400, 200]);
    expect(limitsFrom({ ...config, limits: {} } as ServiceConfig)).toEqual(DEFAULT_LIMITS);
  });
});

describe('chunk sizes', () => {
  it('2,500 users make 1000-sized associate requests, in order', () => {
    const parts = splitManageAssets(
      { assets: [{ adamId: '408709785', pricingParam: 'STDQ' }], clientUserIds: ids('client', 2500) },
      DEFAULT_LIMITS,
    );
    expect(parts.map((b) => b.clientUserIds?.length)).toEqual([1000, 1000, 500]);
    expect(parts.flatMap((b) => b.clientUserIds)).toEqual(ids('client', 2500));
    expect(parts.every((b) => b.assets.length === 1 && b.serialNumbers === undefined)).toBe(true);
  });

  it('users go 100 per call, revokes 100 per list', () => {
    expect(
      splitUsers(
        ids('u', 250).map((clientUserId) => ({ clientUserId })),
        DEFAULT_LIMITS,
      ).map((u) => u.length),
    ).toEqual([100, 100, 50]);
    expect(
      splitRevoke({ clientUserIds: ids('c', 150), serialNumbers: ids('s', 250) }, DEFAULT_LIMITS).map((b) => [
        b.clientUserIds?.length,
        b.serialNumbers?.length,
      ]),
    ).toEqual([
      [100, 100],
      [50, 100],
      [undefined, 50],
    ]);
  });
});

describe('split functions', () => {
  it('pair every asset chunk with every target chunk and drop duplicates', () => {
    const assets = [
      ...ids('a', 30).map((adamId) => ({ adamId, pricingParam: 'STDQ' })),
      { adamId: 'a-0', pricingParam: 'STDQ' },
    ];
    const parts = splitManageAssets(
      { assets, clientUserIds: [...ids('c', 1500), 'c-1'], serialNumbers: ids('s', 10) },
      DEFAULT_LIMITS,
    );
    expect(parts.map((p) => [p.assets.length, p.clientUserIds?.length, p.serialNumbers?.length])).toEqual([
      [25, 1000, 10],
      [5, 1000, 10],
      [25, 500, undefined],
      [5, 500, undefined],
    ]);
  });

  it('the same adamId with another pricingParam is another asset', () => {
    const parts = splitManageAssets(
      {
        assets: [
          { adamId: '1', pricingParam: 'STDQ' },
          { adamId: '1', pricingParam: 'PLUS' },
        ],
        clientUserIds: ['c'],
      },
      DEFAULT_LIMITS,
    );
    expect(parts[0]?.assets).toHaveLength(2);
  });

  it('nothing to do gives no requests', () => {
    expect(splitManageAssets({ assets: [], clientUserIds: ['c'] }, DEFAULT_LIMITS)).toEqual([]);
    expect(splitManageAssets({ assets: [{ adamId: '1' }] }, DEFAULT_LIMITS)).toEqual([]);
    expect(splitRevoke({}, DEFAULT_LIMITS)).toEqual([]);
    expect(splitUsers([], DEFAULT_LIMITS)).toEqual([]);
  });
});
