/** How many users are in each VPP Terms Status, for the filter's counts (one tiny query each). */
import { useEffect, useState } from 'react';
import { api } from '../api';
import type { TermsStatus } from '../../shared/domain';

export type TermsCounts = Partial<Record<TermsStatus | 'all', number>>;

const STATUSES: TermsStatus[] = ['accepted', 'pending', 'not-invited', 'retired'];

export function useTermsCounts(search: string, dataVersion: number): TermsCounts {
  const [counts, setCounts] = useState<TermsCounts>({});
  useEffect(() => {
    let live = true;
    const all = api.queryUsers({ search, limit: 1 }).then((p) => ['all', p.total] as const);
    const each = STATUSES.map((terms) =>
      api.queryUsers({ search, terms, limit: 1 }).then((p) => [terms, p.total] as const),
    );
    Promise.all([all, ...each]).then(
      (pairs) => {
        if (live) setCounts(Object.fromEntries(pairs) as TermsCounts);
      },
      () => {
        if (live) setCounts({});
      },
    );
    return () => {
      live = false;
    };
  }, [search, dataVersion]);
  return counts;
}
