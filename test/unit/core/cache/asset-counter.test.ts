// Rows per asset of an assignments part: counted from the fields the worker read, or cut from the encoded rows
// (escapes included), the counts are the same, keyed as appKey keys them, and a part written either way says so.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PartStream } from '../../../../electron/core/cache';
import { AssetCounter } from '../../../../electron/core/cache/asset-counter';
import { encodeAssignment } from '../../../../electron/core/sync/convert';
import { appKey } from '../../../../shared/keys';

/** Assignments over a few apps, ids sometimes holding characters JSON escapes (the slow path). */
const assignments = fc.array(
  fc.record({
    adamId: fc.oneof(fc.constantFrom('1', '2', '995000001'), fc.constantFrom('a"b', 'c\\d', 'e\nf', 'x","y')),
    pricingParam: fc.constantFrom('STDQ', 'PLUS'),
    clientUserId: fc.string({ maxLength: 4 }),
  }),
  { maxLength: 40 },
);

/** What the counts must be: each row decoded whole, counted under its appKey. */
function expected(rows: Array<{ adamId: string; pricingParam: string }>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of rows) out[appKey(a.adamId, a.pricingParam)] = (out[appKey(a.adamId, a.pricingParam)] ?? 0) + 1;
  return out;
}

describe('AssetCounter', () => {
  it('counts the same from the fields as from the encoded rows, escapes included, keyed as appKey', () => {
    fc.assert(
      fc.property(assignments, (rows) => {
        const fromFields = new AssetCounter();
        const fromText = new AssetCounter();
        for (const a of rows) {
          fromFields.add(a.adamId, a.pricingParam);
          fromText.addRow(encodeAssignment(a));
        }
        expect(fromFields.counts()).toEqual(expected(rows));
        expect(fromText.counts()).toEqual(expected(rows));
      }),
      { numRuns: 500 },
    );
  });

  it('a part streamed with each row’s asset holds the same per-asset counts as one cut from its rows', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vpp-desk-counter-'));
    try {
      const rows = [
        { adamId: '1', pricingParam: 'STDQ', clientUserId: 'u1' },
        { adamId: '2', pricingParam: 'PLUS', clientUserId: 'u2' },
        { adamId: '1', pricingParam: 'STDQ', clientUserId: 'u3' },
        { adamId: 'a"b', pricingParam: 'STDQ', clientUserId: 'u4' },
      ];
      const encoded = rows.map(encodeAssignment);
      const withFields = await PartStream.open(dir, 'assignments');
      await withFields.append(encoded.slice(0, 2), ['1', 'STDQ', '2', 'PLUS']);
      await withFields.append(encoded.slice(2), ['1', 'STDQ', 'a"b', 'STDQ']);
      const fromRows = await PartStream.open(dir, 'assignments');
      await fromRows.append(encoded);
      // Fields that do not match the rows in number are not trusted: the rows are read instead.
      const mismatched = await PartStream.open(dir, 'assignments');
      await mismatched.append(encoded, ['9', 'STDQ']);
      const refs = [await withFields.finish(), await fromRows.finish(), await mismatched.finish()];
      for (const ref of refs) expect(ref.perAsset).toEqual({ '1|STDQ': 2, '2|PLUS': 1, 'a"b|STDQ': 1 });
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
