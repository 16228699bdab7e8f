// A part read a slice at a time (part-read.ts) says exactly what the one-call read says of the same file:
// the same rows of a good part, the same "missing" or "unreadable, why" of a bad one, whatever was done to it.
import fs from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readPart } from '../../../../electron/core/cache/part-read';
import { readPartSync, writePart, type Collection } from '../../../../electron/core/cache/snapshot-parts';
import { asset, assignment, user } from '../../../helpers/cache';
import { tempDirs } from '../../../helpers/tmp-dirs';
import type { CachedAssignment, CachedUser } from '../../../../electron/core/cache/schema';

const dir = tempDirs();

/** Text that JSON escapes, or that looks like the part's own framing. */
const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('a"b', 'back\\slash', 'line\nbreak', 'sep\u2028', '],\n[', '{"rows":[', 'é—😀', ''),
);

const users = fc.array(
  fc.record({ id: text, email: fc.option(text), status: fc.constantFrom('Registered', 'Associated', 'Retired') }),
  { maxLength: 40 },
);

function userRows(drawn: Array<{ id: string; email: string | null; status: string }>): CachedUser[] {
  return drawn.map((u, i) => user(`${u.id}-${i}`, u.status, { email: u.email }));
}

describe('readPart', () => {
  it('reads the rows writePart wrote, any text in them, in slices and pieces of any size: as readPartSync does', async () => {
    const home = await dir();
    await fc.assert(
      // Pieces (decoded at a time within a slice) from a byte, cut inside rows, to more than a slice holds.
      fc.asyncProperty(
        users,
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 600 }),
        async (drawn, sliceRows, pieceBytes) => {
          const ref = await writePart(home, 'users', userRows(drawn));
          const file = path.join(home, ref.file);
          const read = await readPart(file, 'users', { sliceRows, pieceBytes });
          expect(read).toEqual(readPartSync(file, 'users'));
          expect(read).toEqual({ kind: 'ok', rows: userRows(drawn) });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('reads every collection, a turn of the event loop between slices', async () => {
    const home = await dir();
    const assignments: CachedAssignment[] = Array.from({ length: 95 }, (_, i) =>
      assignment(i % 3 === 0 ? null : `u${i}`, i % 3 === 0 ? { serialNumber: `S${i}` } : {}),
    );
    const cases: Array<[Collection, unknown[]]> = [
      ['assets', [asset({ adamId: '1' }), asset({ adamId: '2', supportedPlatforms: ['iOS', 'macOS'] })]],
      ['users', [user('u1'), user('u2', 'Registered', { email: null })]],
      ['assignments', assignments],
    ];
    for (const [collection, rows] of cases) {
      const ref = await writePart(home, collection, rows as never);
      let turns = 0;
      const read = await readPart(path.join(home, ref.file), collection, {
        sliceRows: 10,
        turn: async () => void turns++,
      });
      expect(read).toEqual({ kind: 'ok', rows });
      // One turn between two slices: 95 rows in slices of 10 are 10 slices.
      expect(turns).toBe(Math.max(0, Math.ceil(rows.length / 10) - 1));
    }
  });

  it('reads an empty part', async () => {
    const home = await dir();
    const ref = await writePart(home, 'assignments', []);
    expect(await readPart(path.join(home, ref.file), 'assignments')).toEqual({ kind: 'ok', rows: [] });
  });

  it('says what readPartSync says of a part cut, with a byte lost, changed or added anywhere', async () => {
    const home = await dir();
    const rows = [user('u1'), user('u2', 'Associated', { email: 'a,\n"b' }), user('u3'), user('u4'), user('u5')];
    const ref = await writePart(home, 'users', rows);
    const good = await fs.readFile(path.join(home, ref.file));
    const file = path.join(home, 'mangled.json');
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: good.length }),
        fc.constantFrom('cut', 'drop', 'set', 'insert'),
        fc.constantFrom(...Buffer.from(',\n[]{}"\\0n:x ')),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 300 }),
        async (at, how, byte, sliceRows, pieceBytes) => {
          const bytes = Buffer.from(good);
          const mangled =
            how === 'cut'
              ? bytes.subarray(0, at)
              : how === 'drop'
                ? Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)])
                : how === 'set'
                  ? Buffer.concat([bytes.subarray(0, at), Buffer.from([byte]), bytes.subarray(at + 1)])
                  : Buffer.concat([bytes.subarray(0, at), Buffer.from([byte]), bytes.subarray(at)]);
          await fs.writeFile(file, mangled);
          expect(await readPart(file, 'users', { sliceRows, pieceBytes })).toEqual(readPartSync(file, 'users'));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('says what readPartSync says of another layout, a missing file and one that cannot be read', async () => {
    const home = await dir();
    // Codec 2 on one line (older parts), and a part holding another collection.
    const oneLine = path.join(home, 'one-line.json');
    await fs.writeFile(
      oneLine,
      JSON.stringify({
        codec: 2,
        collection: 'users',
        columns: ['clientUserId', 'email', 'status'],
        rows: [['u1', null, 'Registered']],
      }),
    );
    const other = await writePart(home, 'assets', [asset()]);
    const files: Array<[string, Collection]> = [
      [oneLine, 'users'],
      [path.join(home, other.file), 'users'],
      [path.join(home, 'gone.json'), 'users'],
      [home, 'users'],
    ];
    for (const [file, collection] of files)
      expect(await readPart(file, collection)).toEqual(readPartSync(file, collection));
    expect(await readPart(path.join(home, 'gone.json'), 'users')).toEqual({ kind: 'missing' });
    expect(await readPart(home, 'users')).toEqual({ kind: 'unreadable', why: 'it could not be read' });
  });
});
