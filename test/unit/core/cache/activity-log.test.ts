// The activity log's own file: appended, read newest-capped, and safe against the ways files break (a line a
// crash cut short, a mangled line, the file deleted, another process appending); kept near its cap by compaction.
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTIVITY_FILE, ActivityLog } from '../../../../electron/core/cache/activity-log';
import { tempDirs } from '../../../helpers/tmp-dirs';
import type { ActivityEntry } from '../../../../shared/domain';

const dir = tempDirs();

const entry = (i: number, over: Partial<ActivityEntry> = {}): ActivityEntry => ({
  at: `2026-11-30T10:00:${String(i % 60).padStart(2, '0')}.000Z`,
  kind: 'license-assigned',
  message: `Keynote assigned to client-${i}.`,
  source: 'window',
  actor: 'ana.garcia',
  adamId: '995000001',
  clientUserId: `client-${i}`,
  serialNumber: null,
  ...over,
});
const messages = (entries: readonly ActivityEntry[]) => entries.map((e) => e.message);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('ActivityLog', () => {
  it('reads back what was appended, oldest first, and the newest cap entries only', async () => {
    const home = await dir();
    const log = new ActivityLog(home, 5);
    expect(await log.read()).toEqual([]);
    await log.append(range(0, 3).map((i) => entry(i)));
    await log.append(range(3, 8).map((i) => entry(i)));
    expect(messages(await log.read())).toEqual(messages(range(3, 8).map((i) => entry(i))));
    expect(await new ActivityLog(home, 100).read()).toHaveLength(8);
  });

  it('skips a line a crash cut short, and the next append starts a line of its own', async () => {
    const home = await dir();
    const log = new ActivityLog(home);
    await log.append([entry(1)]);
    await fs.appendFile(path.join(home, ACTIVITY_FILE), JSON.stringify(entry(2)).slice(0, 40));
    expect(messages(await log.read())).toEqual([entry(1).message]);
    await log.append([entry(3)]);
    expect(messages(await new ActivityLog(home).read())).toEqual([entry(1).message, entry(3).message]);
  });

  it('skips mangled lines and keeps the rest; entries from before the audit fields get them', async () => {
    const home = await dir();
    const old = { at: '2026-01-01T00:00:00.000Z', kind: 'sync', message: 'Synced.' };
    const lines = [JSON.stringify(entry(1)), '{"at": 5}', 'not json', '[1,2]', JSON.stringify(old), ''];
    await fs.writeFile(path.join(home, ACTIVITY_FILE), lines.join('\n'));
    const read = await new ActivityLog(home).read();
    expect(messages(read)).toEqual([entry(1).message, 'Synced.']);
    expect(read[1]).toMatchObject({ source: 'unknown', actor: null, adamId: null });
  });

  it('reads an empty log when its file is deleted, and starts a new one', async () => {
    const home = await dir();
    const log = new ActivityLog(home);
    await log.append([entry(1)]);
    expect(await log.read()).toHaveLength(1);
    await fs.rm(path.join(home, ACTIVITY_FILE));
    expect(await log.read()).toEqual([]);
    await log.append([entry(2)]);
    expect(messages(await log.read())).toEqual([entry(2).message]);
  });

  it("sees another process's appends, and says so through its generation", async () => {
    const home = await dir();
    const mine = new ActivityLog(home);
    const theirs = new ActivityLog(home);
    await mine.append([entry(1)]);
    await mine.read();
    const before = mine.generation;
    await theirs.append([entry(2)]);
    expect(messages(await mine.read())).toEqual([entry(1).message, entry(2).message]);
    expect(mine.generation).toBeGreaterThan(before);
  });

  it('compacts to the newest cap entries once the file is over its size, atomically', async () => {
    const home = await dir();
    const line = JSON.stringify(entry(0)).length + 1;
    const log = new ActivityLog(home, 10, line * 25);
    for (const i of range(0, 40)) await log.append([entry(i)]);
    const text = await fs.readFile(path.join(home, ACTIVITY_FILE), 'utf8');
    const lines = text.split('\n').filter(Boolean);
    // Compacted at 25 lines to 10, then appended again: never more than 25, always the newest.
    expect(lines.length).toBeLessThanOrEqual(25);
    expect(lines.length).toBeGreaterThanOrEqual(10);
    expect(messages(await log.read())).toEqual(messages(range(30, 40).map((i) => entry(i))));
    expect((await fs.readdir(home)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
