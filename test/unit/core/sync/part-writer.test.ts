// The sync's worker thread: part files built and written off the calling thread, read back as the store reads them.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeRow, readPartSync, writeEncodedPart } from '../../../../electron/core/cache';
import { WorkerPartWriter, type OpenJob } from '../../../../electron/core/sync/part-writer';
import { lowerThreadPriority, WORKER_NICE } from '../../../../electron/core/sync/worker-priority';
import { rowKey } from '../../../../shared/keys';
import type { CachedAssignment, CachedUser } from '../../../../electron/core/cache';

const user = (id: string, status = 'Associated'): CachedUser => ({
  clientUserId: id,
  email: `${id}@example.com`,
  status,
  inviteCode: null,
  idHash: null,
  managedAppleId: null,
});
/** Each of this process's threads' nice value, by thread id (Linux: /proc/self/task/<tid>/stat, field 19). */
async function niceByThread(): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const tid of await fs.readdir('/proc/self/task')) {
    const stat = await fs.readFile(`/proc/self/task/${tid}/stat`, 'utf8').catch(() => null);
    // The thread's name (field 2) may hold spaces: fields are counted after its closing parenthesis (field 3 on).
    const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields?.[16] !== undefined) out.set(Number(tid), Number(fields[16]));
  }
  return out;
}

const assignment = (adamId: string, clientUserId: string): CachedAssignment => ({
  adamId,
  pricingParam: 'STDQ',
  clientUserId,
  serialNumber: null,
});

let dir: string;
let writer: WorkerPartWriter;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vpp-desk-parts-'));
  writer = new WorkerPartWriter();
});
afterEach(async () => {
  await writer.close();
  await fs.rm(dir, { recursive: true, force: true });
});

/** Writes a users walk streamed page by page to the job's worker, and reads its part back. */
async function finishStreamed(job: OpenJob, pages: number) {
  const parts = await writer.write(
    dir,
    [{ collection: 'users', rows: [], streamed: pages }],
    new AbortController().signal,
    job,
  );
  writer.release(job);
  return { parts, read: readPartSync(path.join(dir, parts.users?.file ?? ''), 'users') };
}

describe('WorkerPartWriter', () => {
  it('a sync that changed nothing starts no thread and writes nothing', async () => {
    expect(await writer.write(dir, [], new AbortController().signal)).toEqual({});
    expect(writer.ranIn).toBeNull();
    expect(await fs.readdir(dir)).toEqual([]);
  });

  it('writes users and assignments as part files in a worker thread, in slices past one message', async () => {
    const users = Array.from({ length: 12_001 }, (_, i) => user(`u${i}`));
    const assignments = [assignment('1', 'u1'), assignment('2', 'u2')];
    const parts = await writer.write(
      dir,
      [
        { collection: 'users', rows: users.map((u) => encodeRow('users', u)) },
        { collection: 'assignments', rows: assignments.map((a) => encodeRow('assignments', a)) },
      ],
      new AbortController().signal,
    );
    expect(writer.ranIn).toBe('worker');
    expect(parts.users?.rows).toBe(12_001);
    const read = readPartSync(path.join(dir, parts.users?.file ?? ''), 'users');
    expect(read.kind === 'ok' && read.rows).toEqual(users);
    const readAssignments = readPartSync(path.join(dir, parts.assignments?.file ?? ''), 'assignments');
    expect(readAssignments.kind === 'ok' && readAssignments.rows).toEqual(assignments);
  });

  it('a sync stopped while its rows stream to the worker leaves no part and no temp file behind', async () => {
    const users = Array.from({ length: 12_001 }, (_, i) => encodeRow('users', user(`u${i}`)));
    const stop = new AbortController();
    const written = writer.write(dir, [{ collection: 'users', rows: users }], stop.signal);
    // The first slice is on its way (the worker opens the part's temp file for it); then the sync is cancelled.
    stop.abort(new Error('cancelled'));
    await expect(written).rejects.toThrow('cancelled');
    // The worker handles messages in order: once the next job is written, the dropped one was cleaned up.
    const next = await writer.write(
      dir,
      [{ collection: 'users', rows: users.slice(0, 1) }],
      new AbortController().signal,
    );
    expect(await fs.readdir(dir)).toEqual([next.users?.file]);
  });

  it('looks up which deployment rows the assignments part holds, in the worker thread', async () => {
    const part = await writeEncodedPart(dir, 'assignments', [
      encodeRow('assignments', assignment('1', 'u1')),
      encodeRow('assignments', assignment('2', 'u2')),
      encodeRow('assignments', { ...assignment('1', 'x'), clientUserId: null, serialNumber: 'S1' }),
    ]);
    const present = await writer.probe(dir, part, [
      rowKey('1', 'STDQ', 'u1'),
      rowKey('1', 'STDQ', 'u2'),
      rowKey('2', 'STDQ', 'u2'),
    ]);
    expect([...present].sort()).toEqual([rowKey('1', 'STDQ', 'u1'), rowKey('2', 'STDQ', 'u2')]);
    await fs.rm(path.join(dir, part.file));
    await expect(writer.probe(dir, part, [rowKey('1', 'STDQ', 'u1')])).rejects.toThrow(/could not be read/);
  });

  it('merges a users delta into the cached users part: changed users replace in place, new ones join', async () => {
    const cached = await writeEncodedPart(
      dir,
      'users',
      [user('a'), user('b'), user('c')].map((u) => encodeRow('users', u)),
    );
    const delta = [user('b', 'Retired'), user('d')].map((u) => encodeRow('users', u));
    const parts = await writer.write(
      dir,
      [{ collection: 'users', rows: delta, mergeInto: cached }],
      new AbortController().signal,
    );
    const read = readPartSync(path.join(dir, parts.users?.file ?? ''), 'users');
    expect(read.kind === 'ok' && read.rows.map((u) => [u.clientUserId, u.status])).toEqual([
      ['a', 'Associated'],
      ['b', 'Retired'],
      ['c', 'Associated'],
      ['d', 'Associated'],
    ]);
    // The cached part is not touched: the store switches to the new one in its own write.
    expect(await fs.stat(path.join(dir, cached.file))).toBeTruthy();
  });

  it('fails the job with a sentence when the cached users part cannot be read, and writes nothing', async () => {
    await expect(
      writer.write(
        dir,
        [
          {
            collection: 'users',
            rows: [encodeRow('users', user('x'))],
            mergeInto: { file: 'vpp-desk-snapshot-1-00.users.json', rows: 3 },
          },
        ],
        new AbortController().signal,
      ),
    ).rejects.toMatchObject({ code: 'INTERNAL' });
    expect((await fs.readdir(dir)).filter((f) => f.endsWith('.json'))).toEqual([]);
  });

  it('runs the job in-process when no worker file can be found', async () => {
    const none = new WorkerPartWriter(null);
    const parts = await none.write(
      dir,
      [{ collection: 'assignments', rows: [encodeRow('assignments', assignment('1', 'u1'))] }],
      new AbortController().signal,
    );
    expect(none.ranIn).toBe('in-process');
    expect(parts.assignments?.rows).toBe(1);
  });

  it('takes a full walk page by page as it comes: rows in page order, a restarted walk only from its last pass', async () => {
    const rows = (page: number) => [0, 1].map((i) => encodeRow('users', user(`p${page}-${i}`)));
    const job = writer.open(dir);
    const sink = job?.sinks.users;
    if (!job || !sink) throw new Error('no worker');
    sink.page(0, rows(9));
    sink.page(1, rows(8));
    sink.restart();
    // The second pass, its pages arriving out of order (five lanes fetch them).
    for (const page of [2, 0, 3, 1]) sink.page(page, rows(page));
    expect(writer.holdsProcess).toBe(true);
    const { parts, read } = await finishStreamed(job, 4);
    expect(read.kind === 'ok' && read.rows.map((u) => u.clientUserId)).toEqual(
      [0, 1, 2, 3].flatMap((p) => [`p${p}-0`, `p${p}-1`]),
    );
    expect(parts.users?.rows).toBe(8);
    expect(writer.holdsProcess).toBe(false);
    expect((await fs.readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it("parses Apple's page bodies in the worker: rows kept as pages, the rest answered; a bad body comes back as text", async () => {
    const job = writer.open(dir);
    const sink = job?.sinks.users;
    if (!job || !sink?.raw) throw new Error('no worker');
    const apple = (ids: string[], currentPageIndex: number) => ({
      currentPageIndex,
      totalPages: 2,
      versionId: 'v1',
      uId: 'location-1',
      mdmInfo: { id: 'mdm-1', name: 'VPP Desk', metadata: '' },
      users: ids.map((clientUserId) => ({ clientUserId, email: `${clientUserId}@example.com`, status: 'Registered' })),
    });
    const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).buffer;
    const first = bytes(apple(['c', 'd'], 1));
    // Out of order, as lanes answer; each body is the worker's once handed over (transferred, not copied).
    expect(await sink.raw(1, first)).toEqual({ json: { ...apple([], 1) } });
    expect(first.byteLength).toBe(0);
    const bad = JSON.stringify({ errorNumber: 9646, errorMessage: 'Too many requests.' });
    expect(await sink.raw(0, new TextEncoder().encode(bad).buffer)).toEqual({ text: bad });
    expect(await sink.raw(0, bytes(apple(['a', 'b'], 0)))).toMatchObject({ json: { currentPageIndex: 0, users: [] } });
    expect(writer.rawPages).toBe(3);
    const { read } = await finishStreamed(job, 2);
    expect(read.kind === 'ok' && read.rows).toEqual(['a', 'b', 'c', 'd'].map((id) => ({ ...user(id, 'Registered') })));
    // A worker that ended answers no more bodies: the walk fails with a sentence instead of waiting.
    const again = writer.open(dir);
    await writer.close();
    await expect(again?.sinks.users?.raw?.(0, bytes(apple(['a'], 0)))).rejects.toThrow(/stopped before it could save/);
  });

  it('a walk Apple said had not changed is not written, and the process is let go only once its temp file is gone', async () => {
    const job = writer.open(dir);
    if (!job) throw new Error('no worker');
    job.sinks.assignments?.page(0, [encodeRow('assignments', assignment('1', 'u1'))]);
    expect(await writer.write(dir, [], new AbortController().signal, job)).toEqual({});
    // Held until the worker says the job's files are gone (its answer cannot have come yet: it is a later task).
    expect(writer.holdsProcess).toBe(true);
    writer.release(job);
    // The worker removes the dropped stream's temp file on its own time, and the process is kept alive until it
    // has (a CLI sync that exited first left the file behind): whenever the process is let go, the file is gone.
    for (const deadline = Date.now() + 10_000; writer.holdsProcess && Date.now() < deadline;)
      await new Promise((r) => setTimeout(r, 5));
    expect(writer.holdsProcess).toBe(false);
    expect(await fs.readdir(dir)).toEqual([]);
  });

  it('refuses to write a walk with a page missing, and one whose worker ended, rather than save part of it', async () => {
    const job = writer.open(dir);
    if (!job) throw new Error('no worker');
    job.sinks.users?.page(0, [encodeRow('users', user('a'))]);
    job.sinks.users?.page(2, [encodeRow('users', user('c'))]);
    await expect(
      writer.write(dir, [{ collection: 'users', rows: [], streamed: 3 }], new AbortController().signal, job),
    ).rejects.toThrow(/did not receive every page/);
    const again = writer.open(dir);
    if (!again) throw new Error('no worker');
    again.sinks.users?.page(0, [encodeRow('users', user('a'))]);
    await writer.close();
    await expect(
      writer.write(dir, [{ collection: 'users', rows: [], streamed: 1 }], new AbortController().signal, again),
    ).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/next sync reads it again/) });
    expect((await fs.readdir(dir)).filter((f) => f.endsWith('.json'))).toEqual([]);
  });

  it('runs the worker below the priority of the thread that answers the window (Linux; elsewhere it does not try)', async () => {
    expect(lowerThreadPriority('darwin')).toBe(false);
    expect(lowerThreadPriority('win32')).toBe(false);
    // Called on the main thread it refuses: that would slow the window itself.
    expect(lowerThreadPriority()).toBe(false);
    const before = await niceByThread();
    expect([...before.values()].filter((n) => n === WORKER_NICE)).toEqual([]);
    const parts = await writer.write(
      dir,
      [{ collection: 'users', rows: [encodeRow('users', user('a'))] }],
      new AbortController().signal,
    );
    expect(parts.users?.rows).toBe(1);
    const after = await niceByThread();
    const lowered = [...after].filter(([tid, n]) => n === WORKER_NICE && !before.has(tid));
    if (process.platform === 'linux') expect(lowered).toHaveLength(1);
    expect(after.get(process.pid)).toBe(before.get(process.pid));
  });
});
