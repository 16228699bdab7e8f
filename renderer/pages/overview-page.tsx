/**
 * The organisation at a glance: totals, usage over time, the apps that
 * moved most, the low-stock alerts with the rule in words, the last sync,
 * and the printable report.
 */
import { useEffect, useState } from 'react';
import { api, messageOf } from '../api';
import { Button } from '../components/button';
import { AppLink } from '../components/holder-links';
import { InlineError } from '../components/inline-error';
import { LazyUsageChart } from '../components/lazy-usage-chart';
import { LowStockRuleEditor } from '../components/low-stock-rule-editor';
import { PageHeader } from '../components/page-header';
import { Pill } from '../components/pill';
import { formatDateTime, formatNumber, formatRelative, plural } from '../lib/format';
import { usagePoints } from '../lib/usage-series';
import { useAppStore } from '../stores/app-store';
import { useNavStore } from '../stores/nav-store';
import type { AlertRow, Overview } from '../../shared/insight';

function runsOut(a: AlertRow): string {
  if (a.available <= 0) return 'Out now';
  return a.runsOutInDays === null ? 'Too little history to tell' : `In about ${plural(a.runsOutInDays, 'day', 'days')}`;
}

export function OverviewPage() {
  const dataVersion = useAppStore((s) => s.dataVersion);
  const go = useNavStore((s) => s.go);
  const [overview, setOverview] = useState<(Overview & { readAt: number }) | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api.getOverview().then(
      (value) => {
        if (!live) return;
        // The chart carries the last counts to when they were read.
        setOverview({ ...value, readAt: Date.now() });
        setError(null);
      },
      (err: unknown) => live && setError(messageOf(err)),
    );
    return () => {
      live = false;
    };
  }, [dataVersion]);

  const header = (
    <PageHeader
      title="Overview"
      description="The organisation's licenses at a glance: totals, how usage moved, and the apps running low."
      actions={
        <Button icon="print" variant="primary" onClick={() => go('report')}>
          Save as PDF / Print report
        </Button>
      }
    />
  );
  if (error)
    return (
      <div className="page">
        {header}
        <InlineError title="The overview could not be read." message={error} />
      </div>
    );
  if (!overview)
    return (
      <div className="page" aria-busy="true">
        {header}
      </div>
    );

  const { totals, alerts, movers } = overview;
  return (
    <div className="page overview">
      {header}
      <section className="stat-row" aria-label="Organisation totals">
        <Stat label="Apps" value={formatNumber(totals.apps)} />
        <Stat label="Purchased" value={formatNumber(totals.purchased)} />
        <Stat label="Used" value={formatNumber(totals.used)} />
        <Stat label="Available" value={formatNumber(totals.available)} />
        <Stat
          label="Low on stock"
          value={formatNumber(alerts.length)}
          tone={alerts.length > 0 ? 'warning' : undefined}
        />
        <Stat
          label="Last sync"
          value={overview.lastSyncAt ? formatRelative(overview.lastSyncAt) : 'Never'}
          title={overview.lastSyncAt ? formatDateTime(overview.lastSyncAt) : undefined}
        />
      </section>

      <section className="card overview-card" aria-labelledby="alerts-title" data-testid="alerts">
        <h2 className="card-title" id="alerts-title">
          Low-stock alerts
        </h2>
        {alerts.length === 0 ? (
          <p className="muted">No app is at or below its low-stock threshold.</p>
        ) : (
          <table className="simple-table">
            <thead>
              <tr>
                <th scope="col">App</th>
                <th scope="col" className="num">
                  Left
                </th>
                <th scope="col" className="num">
                  Alert at
                </th>
                <th scope="col">Rule</th>
                <th scope="col">Runs out</th>
              </tr>
            </thead>
            <tbody>
              {alerts.map((a) => (
                <tr key={`${a.adamId}|${a.pricingParam}`}>
                  <td>
                    <AppLink app={a} />
                  </td>
                  <td className="num">
                    <Pill tone={a.available <= 0 ? 'danger' : 'warning'}>
                      {formatNumber(a.available)} of {formatNumber(a.purchased)}
                    </Pill>
                  </td>
                  <td className="num">{formatNumber(a.threshold)}</td>
                  <td>{a.rule}</td>
                  <td>{runsOut(a)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <div className="overview-grid">
        <section className="card overview-card">
          <LazyUsageChart
            title="Organisation: licenses used and purchased"
            points={usagePoints(overview.series, overview.readAt)}
            height={200}
          />
        </section>
        <section className="card overview-card" aria-labelledby="movers-title">
          <h2 className="card-title" id="movers-title">
            Moved most in the last {overview.windowDays} days
          </h2>
          {movers.length === 0 ? (
            <p className="muted">No app&apos;s usage changed in that time.</p>
          ) : (
            <table className="simple-table">
              <thead>
                <tr>
                  <th scope="col">App</th>
                  <th scope="col" className="num">
                    Change in use
                  </th>
                  <th scope="col" className="num">
                    Used of purchased
                  </th>
                </tr>
              </thead>
              <tbody>
                {movers.map((m) => (
                  <tr key={`${m.adamId}|${m.pricingParam}`}>
                    <td>
                      <AppLink app={m} />
                    </td>
                    <td className="num">
                      {m.usedChange > 0 ? `+${formatNumber(m.usedChange)}` : formatNumber(m.usedChange)}
                    </td>
                    <td className="num">
                      {formatNumber(m.used)} of {formatNumber(m.purchased)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
      <LowStockRuleEditor />
    </div>
  );
}

function Stat({ label, value, title, tone }: { label: string; value: string; title?: string; tone?: 'warning' }) {
  return (
    <div className={`card stat${tone ? ` stat-${tone}` : ''}`} title={title}>
      <span className="stat-label">{label}</span>
      <strong className="stat-value">{value}</strong>
    </div>
  );
}
