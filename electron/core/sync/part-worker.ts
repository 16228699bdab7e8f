/**
 * The sync's worker thread (bundled as dist/sync-worker.cjs): receives a
 * sync's encoded rows in slices, then builds and writes the part files
 * (part-job.ts) and answers with what it wrote. A collection written whole
 * is appended to its part file slice by slice as it comes (PartStream), so
 * this thread never holds it all; a delta to merge is held until 'write'.
 * One job at a time per engine, but jobs are keyed so a dropped one never
 * mixes with the next.
 */
import { parentPort } from 'node:worker_threads';
import { messageOf, VppError } from '../../../shared/errors';
import { leanRef, PartStream, writeCounts, type PartRef } from '../cache';
import { holdersIn, writeParts, type JobCollection, type PartInput, type WrittenParts } from './part-job';
import { readRawPage } from './raw-page';
import { lowerThreadPriority } from './worker-priority';
import type { WorkerReply, WorkerRequest } from './part-protocol';

const port = parentPort;
if (!port) throw new Error('part-worker.ts runs as a worker thread only');
// Background work: the window's thread comes first when the cores are busy (worker-priority.ts).
lowerThreadPriority();

/** A page's rows, and (assignments read here) each row's adamId and pricingParam in turn. */
interface PageRows {
  rows: string[];
  assets?: string[] | undefined;
}

/** A collection's pages as they came: appended in index order, those ahead of their turn held meanwhile. */
interface Paged {
  next: number;
  waiting: Map<number, PageRows>;
}

interface Job {
  held: Record<JobCollection, string[]>;
  streams: Map<JobCollection, PartStream>;
  paged: Map<JobCollection, Paged>;
  /** Appends run in order, one after another. */
  chain: Promise<void>;
  failure: unknown;
}

const jobs = new Map<number, Job>();

function jobOf(id: number): Job {
  let job = jobs.get(id);
  if (!job)
    jobs.set(
      id,
      (job = {
        held: { users: [], assignments: [] },
        streams: new Map(),
        paged: new Map(),
        chain: Promise.resolve(),
        failure: null,
      }),
    );
  return job;
}

const reply = (message: WorkerReply) => port.postMessage(message);
const failed = (job: number, err: unknown): WorkerReply => ({
  type: 'failed',
  job,
  code: err instanceof VppError ? err.code : 'INTERNAL',
  message: messageOf(err),
});

async function abort(job: Job): Promise<void> {
  await job.chain;
  await Promise.all([...job.streams.values()].map((s) => s.abort()));
}

async function write(job: Job, request: Extract<WorkerRequest, { type: 'write' }>): Promise<WrittenParts> {
  await job.chain;
  if (job.failure) throw job.failure;
  const out: WrittenParts = {};
  const rest: PartInput[] = [];
  for (const p of request.parts) {
    const stream = job.streams.get(p.collection);
    if (p.streamed !== undefined) {
      const paged = job.paged.get(p.collection);
      if (!stream || !paged || paged.next !== p.streamed || paged.waiting.size > 0)
        throw new VppError('INTERNAL', `The sync's worker did not receive every page of the ${p.collection}.`);
    }
    if (stream && p.mergeInto === undefined) {
      job.streams.delete(p.collection);
      const ref: PartRef = await stream.finish();
      // Written whole from Apple's pages: what Apple said at this sync.
      out[p.collection] = ref.perAsset ? { ...ref, atSync: ref.perAsset } : ref;
    } else {
      rest.push({
        collection: p.collection,
        rows: job.held[p.collection],
        mergeInto: p.mergeInto,
        replaceAdamIds: p.replaceAdamIds,
      });
    }
  }
  const written: WrittenParts = { ...out, ...(await writeParts(request.dir, rest)) };
  // Walked but not asked for (Apple said it had not changed): its temp file goes.
  await abort(job);
  // The assignments' counts per app go to their own file here, off the window's thread, which gets the part's
  // reference without them (10,000 apps: two objects of 10,000 keys it need not copy, write or hold).
  for (const c of Object.keys(written) as JobCollection[]) {
    const ref = written[c];
    if (ref) written[c] = leanRef(await writeCounts(request.dir, ref));
  }
  return written;
}

/** Appends a collection's pages that are next in line, in order, to its part. */
function page(job: Job, collection: JobCollection, dir: string, index: number, came: PageRows): void {
  let paged = job.paged.get(collection);
  if (!paged) job.paged.set(collection, (paged = { next: 0, waiting: new Map() }));
  paged.waiting.set(index, came);
  for (let next = paged.waiting.get(paged.next); next; next = paged.waiting.get(paged.next)) {
    paged.waiting.delete(paged.next);
    paged.next++;
    append(job, collection, dir, next);
  }
}

/** Appends rows to the collection's part after what was appended before; `done` runs once they are dealt with. */
function append(job: Job, collection: JobCollection, dir: string, rows: PageRows, done?: () => void): void {
  job.chain = job.chain.then(async () => {
    try {
      if (job.failure) return;
      let open = job.streams.get(collection);
      if (!open) job.streams.set(collection, (open = await PartStream.open(dir, collection)));
      await open.append(rows.rows, rows.assets);
    } catch (err) {
      job.failure = err;
    } finally {
      done?.();
    }
  });
}

function restart(job: Job, collection: JobCollection): void {
  job.paged.delete(collection);
  job.chain = job.chain.then(async () => {
    const stream = job.streams.get(collection);
    job.streams.delete(collection);
    await stream?.abort();
  });
}

port.on('message', (request: WorkerRequest) => {
  if (request.type === 'probe') {
    try {
      reply({ type: 'probed', job: request.job, present: holdersIn(request.dir, request.part, request.keys) });
    } catch (err) {
      reply(failed(request.job, err));
    }
    return;
  }
  if (request.type === 'page') {
    const { collection, dir, index, lines } = request;
    page(jobOf(request.job), collection, dir, index, { rows: lines === '' ? [] : lines.split('\n') });
    return;
  }
  if (request.type === 'raw-page') {
    const { collection, dir, index, seq } = request;
    // Nothing here throws on a bad page (it goes back as text); anything else ends the worker, failing the walk.
    const read = readRawPage(collection, request.body);
    if (read.rows) page(jobOf(request.job), collection, dir, index, { rows: read.rows, assets: read.assets });
    reply({ type: 'took', seq, offloaded: read.offloaded });
    return;
  }
  if (request.type === 'restart') {
    restart(jobOf(request.job), request.collection);
    return;
  }
  if (request.type === 'rows') {
    const job = jobOf(request.job);
    const { collection, rows, stream } = request;
    if (!stream) {
      // push(...) would overflow the stack past ~100,000 arguments; slices are smaller, loop anyway.
      const into = job.held[collection];
      for (const row of rows) into.push(row);
      reply({ type: 'appended', job: request.job });
      return;
    }
    append(job, collection, stream.dir, { rows }, () => reply({ type: 'appended', job: request.job }));
    return;
  }
  const job = jobOf(request.job);
  jobs.delete(request.job);
  if (request.type === 'drop') {
    void abort(job).finally(() => reply({ type: 'dropped', job: request.job }));
    return;
  }
  write(job, request).then(
    (parts) => reply({ type: 'written', job: request.job, parts }),
    async (err: unknown) => {
      await abort(job);
      reply(failed(request.job, err));
    },
  );
});
