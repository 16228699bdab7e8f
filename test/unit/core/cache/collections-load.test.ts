// Reading a part ahead (Collections.load) while the collection changes: what changed it stands, never the
// older part's rows arriving late. The read is held back here until the change is made.
import { describe, expect, it } from 'vitest';
import { Collections } from '../../../../electron/core/cache/collections';
import { assignment } from '../../../helpers/cache';
import type { CachedAssignment } from '../../../../electron/core/cache/schema';
import type { PartRead } from '../../../../electron/core/cache/snapshot-parts';

function held() {
  let release: (read: PartRead<'assignments'>) => void = () => undefined;
  const reads: string[] = [];
  const reader = (file: string) => {
    reads.push(file);
    return new Promise<PartRead<'assignments'>>((resolve) => (release = resolve));
  };
  return { reader, reads, release: (read: PartRead<'assignments'>) => release(read) };
}

const old: CachedAssignment[] = [assignment('u1'), assignment('u2')];

describe('Collections.load', () => {
  it('keeps rows set while the part was read', async () => {
    const read = held();
    const lost: string[] = [];
    const collections = new Collections('/nowhere', (c) => lost.push(c), read.reader as never);
    collections.adopt({ assignments: { file: 'a.json', rows: 2 } });
    const loading = collections.load('assignments');
    collections.set('assignments', [assignment('u9')]);
    read.release({ kind: 'ok', rows: old });
    await loading;
    expect(collections.get('assignments').map((a) => a.clientUserId)).toEqual(['u9']);
    expect(lost).toEqual([]);
  });

  it('leaves a part replaced while it was read to be read as the new one, and reports nothing of the old', async () => {
    const read = held();
    const lost: string[] = [];
    const collections = new Collections('/nowhere', (c) => lost.push(c), read.reader as never);
    collections.adopt({ assignments: { file: 'a.json', rows: 2 } });
    const loading = collections.load('assignments');
    collections.adopt({ assignments: { file: 'b.json', rows: 1 } });
    read.release({ kind: 'unreadable', why: 'it is not valid JSON' });
    await loading;
    expect(collections.isLoaded('assignments')).toBe(false);
    expect(collections.refs().assignments?.file).toBe('b.json');
    expect(lost).toEqual([]);
  });

  it('keeps what it read of a part adopted again under the same name meanwhile (another process wrote)', async () => {
    const read = held();
    const collections = new Collections('/nowhere', () => undefined, read.reader as never);
    collections.adopt({ assignments: { file: 'a.json', rows: 2 } });
    const loading = collections.load('assignments');
    collections.reset();
    collections.adopt({ assignments: { file: 'a.json', rows: 2, atSync: { '100|STDQ': 2 } } });
    read.release({ kind: 'ok', rows: old });
    await loading;
    expect(collections.isLoaded('assignments')).toBe(true);
    expect(collections.get('assignments')).toEqual(old);
    expect(collections.refs().assignments?.atSync).toEqual({ '100|STDQ': 2 });
  });

  it('reads a part once for callers that ask together, and not at all once it is in memory', async () => {
    const read = held();
    const collections = new Collections('/nowhere', () => undefined, read.reader as never);
    collections.adopt({ assignments: { file: 'a.json', rows: 2 } });
    const both = Promise.all([collections.load('assignments'), collections.load('assignments')]);
    read.release({ kind: 'ok', rows: old });
    await both;
    await collections.load('assignments');
    expect(read.reads).toEqual(['/nowhere/a.json']);
    expect(collections.get('assignments')).toEqual(old);
  });
});
