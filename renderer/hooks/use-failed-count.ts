/**
 * How many failed rows the current Deployments filters (other than status)
 * include, for the "Retry failed" button.
 */
import { useEffect, useState } from 'react';
import { api } from '../api';
import type { DeploymentsQueryInput } from '../lib/deployments-query';

export function useFailedCount(query: DeploymentsQueryInput, dataVersion: number): number {
  const [count, setCount] = useState(0);
  const key = JSON.stringify({ ...query, state: 'failed', sortBy: undefined, sortDir: undefined });
  useEffect(() => {
    let live = true;
    api.queryDeployments({ ...(JSON.parse(key) as DeploymentsQueryInput), offset: 0, limit: 1 }).then(
      (page) => live && setCount(page.total),
      () => live && setCount(0),
    );
    return () => {
      live = false;
    };
  }, [key, dataVersion]);
  return count;
}
