/**
 * The usage chart loaded on first use: Recharts is most of the chart's
 * weight (about 130 kB gzipped), so the window's first paint does not wait
 * for it; only the Overview and an app's page fetch it.
 */
import { lazy, Suspense, type ComponentProps } from 'react';
import type { UsageChart } from './usage-chart';

const Chart = lazy(() => import('./usage-chart').then((m) => ({ default: m.UsageChart })));

export function LazyUsageChart(props: ComponentProps<typeof UsageChart>) {
  return (
    <Suspense
      fallback={<div className="usage-chart is-loading" style={{ minHeight: props.height ?? 220 }} aria-busy="true" />}
    >
      <Chart {...props} />
    </Suspense>
  );
}
