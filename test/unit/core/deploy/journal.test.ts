// The write journal: entries recorded before a write is sent, found again, resumed, and trimmed.
import { describe, expect, it } from 'vitest';
import { findEntry, newEntry, openEntries, trimJournal } from '../../../../electron/core/deploy/journal';
import { cacheWith, NOW } from '../../../helpers/cache';
import type { JournalEntry } from '../../../../electron/core/cache/schema';

const app = { adamId: '100', pricingParam: 'STDQ' as const };

function entries(status: JournalEntry['status'], n: number, tag: string): JournalEntry[] {
  return Array.from({ length: n }, (_, i) => ({ ...newEntry('associate', app, [`u${i}`], NOW), status, error: tag }));
}

describe('newEntry', () => {
  it('records a write as prepared, with no eventId yet, for the app and users given', () => {
    expect(newEntry('associate', app, ['a', 'b'], NOW)).toMatchObject({
      id: expect.any(String),
      kind: 'associate',
      adamId: '100',
      pricingParam: 'STDQ',
      clientUserIds: ['a', 'b'],
      status: 'prepared',
      eventId: null,
      createdAt: NOW,
      updatedAt: NOW,
      error: null,
    });
  });

  it('gives every entry its own id, and no app to an entry that names none', () => {
    const a = newEntry('create-users', null, ['a'], NOW);
    const b = newEntry('create-users', null, ['a'], NOW);
    expect(a.id).not.toBe(b.id);
    expect(a).toMatchObject({ adamId: null, pricingParam: null });
  });
});

describe('findEntry', () => {
  it('finds an entry by its id, and nothing for an id it does not hold', () => {
    const [first, second] = entries('sent', 2, '');
    const data = cacheWith({ journal: [first as JournalEntry, second as JournalEntry] });
    expect(findEntry(data, (second as JournalEntry).id)).toBe(second);
    expect(findEntry(data, 'no-such-id')).toBeUndefined();
  });
});

describe('openEntries', () => {
  it('lists the prepared and sent entries (what resume must finish), in journal order', () => {
    const [prepared] = entries('prepared', 1, 'p');
    const [sent] = entries('sent', 1, 's');
    const data = cacheWith({
      journal: [
        ...entries('done', 1, 'd'),
        prepared as JournalEntry,
        ...entries('failed', 1, 'f'),
        sent as JournalEntry,
      ],
    });
    expect(openEntries(data)).toEqual([prepared, sent]);
  });
});

describe('trimJournal', () => {
  it('keeps the newest 2000 finished entries and every open one, in order', () => {
    const oldest = [...entries('done', 2, 'old'), ...entries('failed', 1, 'old')];
    const open = [...entries('prepared', 1, 'open'), ...entries('sent', 1, 'open')];
    const newest = [...entries('done', 1000, 'new'), ...entries('failed', 1000, 'new')];
    const data = cacheWith({ journal: [...oldest, open[0] as JournalEntry, ...newest, open[1] as JournalEntry] });

    trimJournal(data);

    expect(data.journal).toHaveLength(2002);
    expect(data.journal.filter((j) => j.error === 'old')).toEqual([]);
    expect(data.journal).toEqual([open[0], ...newest, open[1]]);
  });

  it('leaves a journal of 2000 finished entries or fewer as it is', () => {
    const journal = [...entries('done', 1999, ''), ...entries('failed', 1, ''), ...entries('prepared', 5, '')];
    const data = cacheWith({ journal: [...journal] });
    trimJournal(data);
    expect(data.journal).toEqual(journal);
  });
});
