// Caches written before device licensing and rosters still load: the new fields get their defaults.
import { expect, it } from 'vitest';
import { migrate } from '../../../../electron/core/cache/migrate';

it('gives old journal entries an empty serialNumbers list and old caches no roster', () => {
  const old = {
    schemaVersion: 1,
    journal: [
      {
        id: 'j1',
        kind: 'associate',
        adamId: '100',
        pricingParam: 'STDQ',
        clientUserIds: ['ann'],
        status: 'sent',
        eventId: 'e1',
        createdAt: 'x',
        updatedAt: 'x',
        error: null,
      },
    ],
  };
  const out = migrate(old);
  if (!out.ok) throw new Error(out.reason);
  expect(out.data.main.journal[0]).toMatchObject({ id: 'j1', clientUserIds: ['ann'], serialNumbers: [] });
  expect(out.data.main.roster).toBeNull();
});
