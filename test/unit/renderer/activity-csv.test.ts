import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { toCsv } from '../../../electron/core/views/csv';
import { activityCsv } from '../../../renderer/lib/activity-csv';
import { ACTIVITY_CSV_COLUMNS } from '../../../shared/activity-columns';
import { ok, stubVpp } from './helpers';
import type { VppApi } from '../../../shared/api';
import type { ActivityEntry } from '../../../shared/domain';

const AUDIT = { source: 'window', actor: 'admin', adamId: null, clientUserId: null, serialNumber: null } as const;

const TRICKY: ActivityEntry[] = [
  { at: '2024-05-01T10:00:00.000Z', kind: 'deployment', message: 'Deployed Pages to 3 users, 1 failed', ...AUDIT },
  { at: '2024-05-01T11:00:00.000Z', kind: 'failure', message: 'Apple said "user not found"', ...AUDIT },
  { at: '2024-05-01T12:00:00.000Z', kind: 'sync-failed', message: 'Sync failed:\nApple is not answering', ...AUDIT },
  { at: '2024-05-01T13:00:00.000Z', kind: 'sync', message: 'Synced 12 apps', ...AUDIT },
];

function serve(entries: ActivityEntry[]) {
  const queryActivity = vi.fn<VppApi['queryActivity']>((req) => {
    const offset = req.offset ?? 0;
    return ok({ total: entries.length, offset, rows: entries.slice(offset, offset + (req.limit ?? 500)) });
  });
  stubVpp({ queryActivity });
  return queryActivity;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2024-05-02T09:30:00.000Z'));
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('activityCsv', () => {
  it('writes a header and one line per entry, quoting commas, quotes and new lines', async () => {
    serve(TRICKY);
    const { csv, count } = await activityCsv({ search: '', sortBy: 'at', sortDir: 'asc' });
    expect(count).toBe(4);
    expect(csv).toBe(
      [
        'at,kind,source,actor,adamId,clientUserId,serialNumber,message',
        '2024-05-01T10:00:00.000Z,deployment,window,admin,,,,"Deployed Pages to 3 users, 1 failed"',
        '2024-05-01T11:00:00.000Z,failure,window,admin,,,,"Apple said ""user not found"""',
        '2024-05-01T12:00:00.000Z,sync-failed,window,admin,,,,"Sync failed:\nApple is not answering"',
        '2024-05-01T13:00:00.000Z,sync,window,admin,,,,Synced 12 apps',
        '',
      ].join('\n'),
    );
  });

  it("matches the file core's own CSV export writes for the same rows", async () => {
    serve(TRICKY);
    const { csv } = await activityCsv({ search: '', sortBy: 'at', sortDir: 'asc' });
    expect(csv).toBe(toCsv(TRICKY, [...ACTIVITY_CSV_COLUMNS]));
  });

  it('holds exactly the rows on screen: every filter, search and sort are sent with every page', async () => {
    const queryActivity = serve(TRICKY.slice(1, 3));
    const filters = {
      kind: 'failure',
      source: 'cli',
      clientUserId: 'u-7',
      adamId: '361309726',
      since: '2024-05-01T00:00:00.000Z',
    } as const;
    await activityCsv({ search: 'apple', ...filters, sortBy: 'at', sortDir: 'desc' });
    expect(queryActivity).toHaveBeenCalledWith({
      search: 'apple',
      ...filters,
      sortBy: 'at',
      sortDir: 'desc',
      offset: 0,
      limit: 5000,
    });
  });

  it('writes the audit columns: source, actor, app, user and device, neutralising formulas in any of them', async () => {
    serve([
      {
        at: '2024-05-01T10:00:00.000Z',
        kind: 'license-assigned',
        message: 'Pages assigned to u-7',
        source: 'tray',
        actor: 'jo',
        adamId: '361309726',
        clientUserId: 'u-7',
        serialNumber: null,
      },
      {
        at: '2024-05-01T11:00:00.000Z',
        kind: 'license-revoked',
        message: 'Pages revoked from a device',
        source: 'cli',
        actor: 'jo',
        adamId: '361309726',
        clientUserId: '=cmd|calc',
        serialNumber: 'C02XYZ',
      },
    ]);
    const { csv } = await activityCsv({ search: '', sortBy: 'at', sortDir: 'asc' });
    expect(csv.split('\n').slice(1, 3)).toEqual([
      '2024-05-01T10:00:00.000Z,license-assigned,tray,jo,361309726,u-7,,Pages assigned to u-7',
      "2024-05-01T11:00:00.000Z,license-revoked,cli,jo,361309726,'=cmd|calc,C02XYZ,Pages revoked from a device",
    ]);
  });

  it('walks every page of a long log', async () => {
    const entries = Array.from({ length: 10_500 }, (_, i): ActivityEntry => ({
      at: `2024-01-01T00:00:00.${String(i % 1000).padStart(3, '0')}Z`,
      kind: 'sync',
      message: `entry ${i}`,
      ...AUDIT,
    }));
    const queryActivity = serve(entries);
    const { csv, count } = await activityCsv({ search: '', sortBy: 'at', sortDir: 'asc' });
    expect(count).toBe(10_500);
    expect(queryActivity.mock.calls.map(([req]) => req.offset)).toEqual([0, 5000, 10_000]);
    const lines = csv.trimEnd().split('\n');
    expect(lines).toHaveLength(10_501);
    expect(lines.at(-1)).toContain('entry 10499');
  });

  it('still writes the header for an empty log', async () => {
    serve([]);
    await expect(activityCsv({ search: '', sortBy: 'at', sortDir: 'asc' })).resolves.toMatchObject({
      csv: 'at,kind,source,actor,adamId,clientUserId,serialNumber,message\n',
      count: 0,
    });
  });

  it("neutralises cells a spreadsheet would run as a formula, like core's export", async () => {
    const risky: ActivityEntry[] = ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'].map((message, i) => ({
      ...(TRICKY[0] as ActivityEntry),
      at: `2024-05-01T0${i}:00:00.000Z`,
      kind: 'failure',
      message,
    }));
    serve(risky);
    const { csv } = await activityCsv({ search: '', sortBy: 'at', sortDir: 'asc' });
    expect(csv).toBe(toCsv(risky, [...ACTIVITY_CSV_COLUMNS]));
    for (const r of risky) expect(csv).not.toMatch(new RegExp(`,${r.message.replace(/[+\\]/g, '\\$&')}(\n|$)`));
    expect(csv).toContain(",'=1+1\n");
    expect(csv).toContain(",'@SUM(A1)\n");
  });

  it("names the file after today's date", async () => {
    serve(TRICKY);
    const { fileName } = await activityCsv({ search: '', sortBy: 'at', sortDir: 'asc' });
    expect(fileName).toBe('vpp-desk-activity-2024-05-02.csv');
  });
});
