import { afterEach, describe, expect, it, vi } from 'vitest';
import { VppClientError } from '../../../renderer/api';
import { allDeployments, deploymentsQuery } from '../../../renderer/lib/deployments-query';
import { deploymentRow, fail, ok, stubVpp } from './helpers';
import type { VppApi } from '../../../shared/api';
import type { DeploymentRow } from '../../../shared/domain';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('deploymentsQuery', () => {
  const sort = { by: 'updatedAt', dir: 'desc' as const };

  it('sends no filter for the "All" choices', () => {
    expect(deploymentsQuery({ app: null, action: '', state: '', terms: '' }, '', sort)).toEqual({
      search: '',
      sortBy: 'updatedAt',
      sortDir: 'desc',
      adamId: undefined,
      action: undefined,
      state: undefined,
      terms: undefined,
    });
  });

  it('narrows to the picked app by its adamId, plus action, state, terms, search and sort', () => {
    const app = { adamId: '361309726', pricingParam: 'STDQ' as const, name: 'Pages' };
    expect(
      deploymentsQuery({ app, action: 'uninstall', state: 'failed', terms: 'pending' }, 'smith', {
        by: 'appName',
        dir: 'asc',
      }),
    ).toEqual({
      search: 'smith',
      sortBy: 'appName',
      sortDir: 'asc',
      adamId: '361309726',
      action: 'uninstall',
      state: 'failed',
      terms: 'pending',
    });
  });

  it('leaves unset filters out of the JSON key the pages cache by', () => {
    const key = JSON.stringify(deploymentsQuery({ app: null, action: '', state: 'failed', terms: '' }, '', sort));
    expect(JSON.parse(key)).toEqual({ search: '', sortBy: 'updatedAt', sortDir: 'desc', state: 'failed' });
  });
});

describe('allDeployments', () => {
  const rows = (from: number, count: number): DeploymentRow[] =>
    Array.from({ length: count }, (_, i) => deploymentRow({ clientUserId: `user-${from + i}`, state: 'failed' }));

  it('walks every 5,000-row page of the filter and returns the rows in order', async () => {
    const total = 12_001;
    const queryDeployments = vi.fn<VppApi['queryDeployments']>((req) => {
      const offset = req.offset ?? 0;
      return ok({ total, offset, rows: rows(offset, Math.min(req.limit ?? 0, total - offset)) });
    });
    stubVpp({ queryDeployments });

    const result = await allDeployments({ search: 'x', adamId: '361309726', state: 'failed' });

    expect(result).toHaveLength(total);
    expect(result[0]?.clientUserId).toBe('user-0');
    expect(result[total - 1]?.clientUserId).toBe(`user-${total - 1}`);
    expect(queryDeployments.mock.calls.map(([req]) => req)).toEqual([
      { search: 'x', adamId: '361309726', state: 'failed', offset: 0, limit: 5000 },
      { search: 'x', adamId: '361309726', state: 'failed', offset: 5000, limit: 5000 },
      { search: 'x', adamId: '361309726', state: 'failed', offset: 10_000, limit: 5000 },
    ]);
  });

  it('makes one call when everything fits in the first page, and none more for an empty filter', async () => {
    const queryDeployments = vi.fn<VppApi['queryDeployments']>(() => ok({ total: 0, offset: 0, rows: [] }));
    stubVpp({ queryDeployments });
    await expect(allDeployments({ search: '' })).resolves.toEqual([]);
    expect(queryDeployments).toHaveBeenCalledTimes(1);
  });

  it('stops at an empty page even if the total said there were more (rows removed meanwhile)', async () => {
    const queryDeployments = vi.fn<VppApi['queryDeployments']>((req) =>
      ok({ total: 9000, offset: req.offset ?? 0, rows: req.offset === 0 ? rows(0, 5000) : [] }),
    );
    stubVpp({ queryDeployments });
    await expect(allDeployments({ search: '' })).resolves.toHaveLength(5000);
    expect(queryDeployments).toHaveBeenCalledTimes(2);
  });

  it("fails with core's code and sentence", async () => {
    stubVpp({ queryDeployments: () => fail('CACHE_BUSY', 'VPP Desk is still saving. Try again.') });
    const error = await allDeployments({ search: '' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VppClientError);
    expect(error).toMatchObject({ code: 'CACHE_BUSY', message: 'VPP Desk is still saving. Try again.' });
  });
});
