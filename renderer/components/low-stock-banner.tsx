/**
 * The low-stock banner: which apps are at or below their threshold, and the
 * rule in words. Dismissing it hides this set of alerts; a new crossing
 * (another app, or one that recovered and fell again) shows it once more.
 */
import { useState } from 'react';
import { formatNumber, plural } from '../lib/format';
import { useInsightStore } from '../stores/insight-store';
import { useNavStore } from '../stores/nav-store';
import { Banner } from './banner';
import { Button } from './button';

export function LowStockBanner() {
  const alerts = useInsightStore((s) => s.alerts);
  const words = useInsightStore((s) => s.settings?.words);
  const page = useNavStore((s) => s.page);
  const go = useNavStore((s) => s.go);
  const [dismissed, setDismissed] = useState<string | null>(null);
  if (!alerts || alerts.length === 0) return null;
  const key = alerts.map((a) => `${a.adamId}|${a.pricingParam}`).join(',');
  if (dismissed === key) return null;

  const first = alerts[0];
  const title =
    alerts.length === 1 && first
      ? `${first.name} is running low: ${formatNumber(first.available)} of ${formatNumber(first.purchased)} licenses left.`
      : `${plural(alerts.length, 'app is', 'apps are')} running low on licenses.`;
  const names =
    alerts.length > 1
      ? `${alerts
          .slice(0, 3)
          .map((a) => `${a.name} (${formatNumber(a.available)} left)`)
          .join(', ')}${alerts.length > 3 ? ` and ${formatNumber(alerts.length - 3)} more` : ''}. `
      : '';
  return (
    <Banner
      tone="warning"
      title={title}
      onDismiss={() => setDismissed(key)}
      actions={
        page === 'overview' ? undefined : (
          <Button size="sm" onClick={() => go('overview')}>
            Open Overview
          </Button>
        )
      }
      testId="banner-low-stock"
    >
      {names}
      {words ? `${words} (apps may have their own rule).` : null}
    </Banner>
  );
}
