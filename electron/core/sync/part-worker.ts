/**
 * The sync's worker thread (bundled as dist/sync-worker.cjs): receives a
 * sync's encoded rows in slices, then builds and writes the part files
 * (part-job.ts) and answers with what it wrote. One job at a time per
 * engine, but jobs are keyed so a dropped one never mixes with the next.
 */
import { parentPort } from 'node:worker_threads';
import { messageOf, VppError } from '../../../shared/errors';
import { writeParts, type JobCollection, type PartInput } from './part-job';
import type { WorkerReply, WorkerRequest } from './part-protocol';

const port = parentPort;
if (!port) throw new Error('part-worker.ts runs as a worker thread only');

const jobs = new Map<number, Record<JobCollection, string[]>>();

port.on('message', (request: WorkerRequest) => {
  if (request.type === 'rows') {
    let job = jobs.get(request.job);
    if (!job) jobs.set(request.job, (job = { users: [], assignments: [] }));
    // push(...) would overflow the stack past ~100,000 arguments; slices are smaller, loop anyway.
    const into = job[request.collection];
    for (const row of request.rows) into.push(row);
    return;
  }
  if (request.type === 'drop') {
    jobs.delete(request.job);
    return;
  }
  const job = jobs.get(request.job) ?? { users: [], assignments: [] };
  jobs.delete(request.job);
  const inputs: PartInput[] = request.parts.map((p) => ({
    collection: p.collection,
    rows: job[p.collection],
    mergeInto: p.mergeInto,
    replaceAdamIds: p.replaceAdamIds,
  }));
  writeParts(request.dir, inputs).then(
    (parts) => port.postMessage({ type: 'written', job: request.job, parts } satisfies WorkerReply),
    (err: unknown) =>
      port.postMessage({
        type: 'failed',
        job: request.job,
        code: err instanceof VppError ? err.code : 'INTERNAL',
        message: messageOf(err),
      } satisfies WorkerReply),
  );
});
