import { describe, expect, it } from 'vitest';
import { forecast } from '../../../../electron/core/insight/forecast';
import { renderReport, type ReportInput } from '../../../../electron/core/insight/report';

const input = (over: Partial<ReportInput> = {}): ReportInput => ({
  orgName: 'Springfield <Schools>',
  locationName: 'Main & Co',
  generatedAt: '2026-03-01T00:00:00.000Z',
  lastSyncAt: null,
  ruleWords: 'Low when 10 % or 5 licenses left, whichever is more',
  apps: [
    {
      name: '<img src=x onerror=alert(1)>',
      adamId: '1',
      pricingParam: 'STDQ',
      purchased: 10,
      used: 8,
      available: 2,
      low: true,
      threshold: 5,
      forecast: forecast([], new Date()),
    },
  ],
  outsideRoster: null,
  ...over,
});

describe('renderReport', () => {
  it('writes its times as people read them, in the given time zone', () => {
    const html = renderReport(input({ lastSyncAt: '2026-02-28T18:05:00.000Z', timeZone: 'UTC' }));
    expect(html).toContain('generated 1 March 2026 at 00:00 UTC · last sync 28 February 2026 at 18:05 UTC');
    expect(html).not.toContain('2026-03-01T00:00');
  });

  it('escapes every value', () => {
    const html = renderReport(input());
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('Springfield &lt;Schools&gt;');
    expect(html).toContain('Main &amp; Co');
  });

  it('shows the roster section only when a roster is loaded', () => {
    expect(renderReport(input())).not.toContain('outside the roster');
    const html = renderReport(input({ outsideRoster: [{ appName: 'Pages', adamId: '1', holder: '"eve"' }] }));
    expect(html).toContain('Licenses outside the roster (1)');
    expect(html).toContain('&quot;eve&quot;');
  });
});
