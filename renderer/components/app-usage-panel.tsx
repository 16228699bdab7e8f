/**
 * One app's usage over time with its forecast in words and its low-stock
 * rule, from insight:app. Shown above the app's holders.
 */
import { useEffect, useState } from 'react';
import { api, messageOf } from '../api';
import { usagePoints } from '../lib/usage-series';
import { useAppStore } from '../stores/app-store';
import { InlineError } from './inline-error';
import { LazyUsageChart } from './lazy-usage-chart';
import { Pill } from './pill';
import type { AppInsight } from '../../shared/insight';
import type { AppRef } from '../stores/holder-nav-store';

export function AppUsagePanel({ app }: { app: AppRef }) {
  const dataVersion = useAppStore((s) => s.dataVersion);
  const [insight, setInsight] = useState<(AppInsight & { readAt: number }) | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api.getAppInsight({ adamId: app.adamId, pricingParam: app.pricingParam }).then(
      (value) => {
        if (!live) return;
        // The chart carries the last counts to when they were read.
        setInsight({ ...value, readAt: Date.now() });
        setError(null);
      },
      (err: unknown) => live && setError(messageOf(err)),
    );
    return () => {
      live = false;
    };
  }, [app.adamId, app.pricingParam, dataVersion]);

  if (error) return <InlineError title="Usage history could not be read." message={error} />;
  if (!insight) return <div className="card usage-panel is-loading" aria-busy="true" />;

  const { forecast } = insight;
  const last = insight.history[insight.history.length - 1];
  return (
    <section className="card usage-panel" aria-label={`Usage of ${insight.name}`} data-testid="app-usage">
      <LazyUsageChart
        title="Licenses used and purchased"
        points={usagePoints(insight.history, insight.readAt)}
        height={190}
        testId="usage-chart"
      />
      <div className="usage-facts">
        <div className="usage-fact">
          <span className="usage-fact-label">Forecast (last 30 days&apos; pace)</span>
          <strong data-testid="forecast-runout">{forecast.runOutWords}</strong>
          <span data-testid="forecast-buy">{forecast.buyWords}</span>
        </div>
        <div className="usage-fact">
          <span className="usage-fact-label">Low stock</span>
          {insight.low ? (
            <span>
              <Pill tone={last && last.available <= 0 ? 'danger' : 'warning'}>Low</Pill> at or below {insight.threshold}{' '}
              left
            </span>
          ) : (
            <span>Alert at {insight.threshold} left</span>
          )}
          <span className="muted">{insight.rule}.</span>
        </div>
      </div>
    </section>
  );
}
