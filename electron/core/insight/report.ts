/**
 * The license report: one self-contained, printable HTML page per
 * organisation. Every value is escaped: app names come from Apple's store
 * and user ids from an MDM, and neither may become markup.
 */
import type { Forecast } from '../../../shared/insight';

export interface ReportApp {
  name: string;
  adamId: string;
  pricingParam: string;
  purchased: number;
  used: number;
  available: number;
  low: boolean;
  threshold: number;
  forecast: Forecast;
}

export interface ReportInput {
  orgName: string;
  locationName: string;
  generatedAt: string;
  lastSyncAt: string | null;
  ruleWords: string;
  apps: readonly ReportApp[];
  /** Licenses held by users or devices outside the loaded roster; null when no roster is loaded. */
  outsideRoster: ReadonlyArray<{ appName: string; adamId: string; holder: string }> | null;
  /** Time zone the report's times are written in; the machine's by default. */
  timeZone?: string;
}

/** A time as a reader of the printed report says it: "1 March 2026 at 00:00 UTC", not an ISO string. */
export function readableTime(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
    ...(timeZone ? { timeZone } : {}),
  }).format(date);
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

const STYLE = `
  body { font: 13px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2430; margin: 32px; }
  h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 15px; margin: 24px 0 8px; }
  .meta { color: #5b6475; margin: 0 0 4px; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #dde1e8; vertical-align: top; }
  th { font-weight: 600; background: #f3f5f8; } td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
  tr.low td { background: #fff4e0; } .flag { font-weight: 600; color: #8a4b00; }
  .summary { display: flex; gap: 24px; margin: 12px 0; } .summary div { min-width: 110px; }
  .summary b { display: block; font-size: 18px; }
  @media print { body { margin: 12mm; } tr { break-inside: avoid; } thead { display: table-header-group; } }
`;

export function renderReport(input: ReportInput): string {
  const e = escapeHtml;
  const total = (k: 'purchased' | 'used' | 'available') => input.apps.reduce((s, a) => s + a[k], 0);
  const low = input.apps.filter((a) => a.low);
  const rows = input.apps
    .map(
      (a) => `<tr${a.low ? ' class="low"' : ''}>
  <td>${e(a.name)}<br><small>${e(a.adamId)} · ${e(a.pricingParam)}</small></td>
  <td class="n">${e(a.purchased)}</td><td class="n">${e(a.used)}</td><td class="n">${e(a.available)}</td>
  <td>${a.low ? `<span class="flag">Low</span> (at or below ${e(a.threshold)})` : `OK (alert at ${e(a.threshold)})`}</td>
  <td>${e(a.forecast.runOutWords)}<br><small>${e(a.forecast.buyWords)}</small></td>
</tr>`,
    )
    .join('\n');
  const roster =
    input.outsideRoster === null
      ? ''
      : `<h2>Licenses outside the roster (${e(input.outsideRoster.length)})</h2>
${
  input.outsideRoster.length === 0
    ? '<p>Every license is held by someone on the roster.</p>'
    : `<table><thead><tr><th>App</th><th>Held by</th></tr></thead><tbody>
${input.outsideRoster.map((r) => `<tr><td>${e(r.appName)} <small>${e(r.adamId)}</small></td><td>${e(r.holder)}</td></tr>`).join('\n')}
</tbody></table>`
}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>License report: ${e(input.orgName)}</title>
<style>${STYLE}</style></head>
<body>
<h1>License report: ${e(input.orgName)}</h1>
<p class="meta">${e(input.locationName)} · generated ${e(readableTime(input.generatedAt, input.timeZone))} · last sync ${e(input.lastSyncAt ? readableTime(input.lastSyncAt, input.timeZone) : 'never')}</p>
<p class="meta">Low-stock rule: ${e(input.ruleWords)} (apps may have their own).</p>
<div class="summary">
  <div><b>${e(input.apps.length)}</b>apps</div><div><b>${e(total('purchased'))}</b>purchased</div>
  <div><b>${e(total('used'))}</b>used</div><div><b>${e(total('available'))}</b>available</div>
  <div><b>${e(low.length)}</b>low on stock</div>
</div>
<h2>Apps</h2>
<table><thead><tr><th>App</th><th class="n">Purchased</th><th class="n">Used</th><th class="n">Available</th><th>Low stock</th><th>Forecast (last 30 days' pace)</th></tr></thead>
<tbody>
${rows || '<tr><td colspan="6">No apps synced yet.</td></tr>'}
</tbody></table>
${roster}
</body></html>
`;
}
