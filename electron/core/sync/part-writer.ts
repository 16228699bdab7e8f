/**
 * The engine's side of the sync worker: hands a sync's encoded rows to the
 * worker thread in slices (a turn of the event loop between them, so the
 * window is answered meanwhile) and waits for the part files it wrote. A
 * full walk's reply bodies go to the worker unread (sink.raw, raw-page.ts):
 * parsing, checking and converting a million rows happen there too.
 *
 * The worker is started on the first sync and kept for the next ones; it
 * holds the process open only while a job runs. If it cannot start or dies
 * before answering, the same job runs in-process (part-job.ts): slower for
 * the window, but the sync still completes.
 */
import { setImmediate as turn } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { isErrorCode, VppError } from '../../../shared/errors';
import { holdersIn, writeParts, type JobCollection, type PartInput, type WrittenParts } from './part-job';
import { syncWorkerFile, workerArgs, type WorkerFile } from './worker-file';
import type { Offloaded } from '../apple';
import type { PartRef } from '../cache';
import type { WorkerReply, WorkerRequest } from './part-protocol';
import type { Sinks } from './read';

/** Rows per message: a few milliseconds to copy, so no slice holds the event loop for long. */
const SLICE_ROWS = 5000;
/** Slices posted and not yet acknowledged by the worker, at most. */
const IN_FLIGHT = 4;

/**
 * A job opened before a sync reads Apple: its full walks hand their pages
 * to the worker as they arrive (the sinks), so the thread that answers the
 * window never holds a whole collection. write() finishes it; release() drops
 * whatever it was not asked to write.
 */
export interface OpenJob {
  readonly id: number;
  readonly sinks: Sinks;
}

export interface PartWriter {
  write(dir: string, inputs: readonly PartInput[], signal: AbortSignal, job?: OpenJob | null): Promise<WrittenParts>;
  /** null when jobs run on this thread: the walks then keep their rows. */
  open?(dir: string): OpenJob | null;
  release?(job: OpenJob): void;
  /** Starts the worker now, ahead of a write that is coming (it takes ~150 ms to start). */
  warm?(): void;
  /** Which of `keys` (rowKey) the assignments part holds. */
  probe(dir: string, part: Pick<PartRef, 'file' | 'sha256'>, keys: readonly string[]): Promise<Set<string>>;
}

/** The same job on the calling thread: tests of the engine with fakes, and the fallback. */
export const inProcessWriter: PartWriter = {
  write: (dir, inputs) => writeParts(dir, inputs),
  probe: async (dir, part, keys) => new Set(holdersIn(dir, part, keys)),
};

interface Pending {
  resolve(reply: Extract<WorkerReply, { type: 'written' | 'probed' }>): void;
  reject(err: unknown): void;
}

let workersStarted = 0;

/** Sync workers started in this process: tests check that a window's host starts its own while starting. */
export function syncWorkersStarted(): number {
  return workersStarted;
}

export class WorkerPartWriter implements PartWriter {
  private worker: Worker | null = null;
  /** Set when the worker could not start or crashed: later jobs run in-process. */
  private broken = false;
  private nextJob = 1;
  private readonly pending = new Map<number, Pending>();
  /** Jobs opened (open()) and not yet written or closed, with the worker they stream to. */
  private readonly opened = new Map<number, Worker>();
  /** Per job writing: called when the worker has dealt with one of its slices. */
  private readonly acks = new Map<number, () => void>();
  /** Writes waiting for an ack: woken (to find the worker gone) when it ends. */
  private readonly wakers = new Set<() => void>();
  private holding = false;
  /**
   * Jobs dropped and not yet confirmed: the worker removes their temp files on its own time, so the process
   * stays alive until it has (a CLI sync exiting first left a whole part's temp file, ~60 MB at 1M).
   */
  private readonly dropping = new Set<number>();
  /** Reply bodies handed to the worker (sink.raw) and not yet answered. */
  private readonly taking = new Map<number, { resolve(o: Offloaded): void; reject(err: unknown): void }>();
  private nextSeq = 1;
  /** Where the last job ran: the bench and tests check it was the worker. */
  ranIn: 'worker' | 'in-process' | null = null;
  /** Reply bodies the worker parsed instead of this thread, since this writer was made: tests check it. */
  rawPages = 0;

  constructor(private readonly file: WorkerFile | null = syncWorkerFile()) {}

  warm(): void {
    // Started unreferenced: a warm worker alone never holds the process open.
    this.started();
  }

  open(dir: string): OpenJob | null {
    const worker = this.started();
    if (!worker) return null;
    const id = this.nextJob++;
    this.hold(worker);
    this.opened.set(id, worker);
    const sink = (collection: JobCollection) => ({
      page: (index: number, rows: string[]) => {
        if (this.worker === worker)
          this.post(worker, { type: 'page', job: id, collection, dir, index, lines: rows.join('\n') });
      },
      restart: () => {
        if (this.worker === worker) this.post(worker, { type: 'restart', job: id, collection });
      },
      raw: (index: number, body: ArrayBuffer) => {
        if (this.worker !== worker) return Promise.reject(new WorkerStopped());
        const seq = this.nextSeq++;
        return new Promise<Offloaded>((resolve, reject) => {
          this.taking.set(seq, { resolve, reject });
          // Transferred, not copied: the body is the worker's from here.
          this.post(worker, { type: 'raw-page', job: id, collection, dir, index, seq, body }, [body]);
          this.rawPages++;
        });
      },
    });
    return { id, sinks: { users: sink('users'), assignments: sink('assignments') } };
  }

  release(job: OpenJob): void {
    const worker = this.opened.get(job.id);
    if (!worker) return;
    this.opened.delete(job.id);
    if (this.worker === worker) this.drop(worker, job.id);
    this.letGo();
  }

  async write(
    dir: string,
    inputs: readonly PartInput[],
    signal: AbortSignal,
    open?: OpenJob | null,
  ): Promise<WrittenParts> {
    const opened = open ? this.opened.get(open.id) : undefined;
    if (open) this.opened.delete(open.id);
    if (opened && inputs.some((i) => i.streamed !== undefined) && this.worker !== opened) throw new WorkerStopped();
    // A sync that changed nothing writes nothing: no thread started for it (hundreds of ms).
    if (inputs.length === 0) {
      if (open && opened && this.worker === opened) this.drop(opened, open.id);
      // Held open for the job's pages: let go, or the process never exits.
      this.letGo();
      return {};
    }
    const worker = opened ?? this.started();
    if (!worker) return this.inProcess(dir, inputs);
    const job = open?.id ?? this.nextJob++;
    this.hold(worker);
    // Slices the worker has not dealt with yet: a few at most, or it queues a whole collection's copy (~200 MB at 1M).
    let inFlight = 0;
    let wake: (() => void) | null = null;
    this.acks.set(job, () => {
      inFlight--;
      wake?.();
    });
    try {
      for (const input of inputs) {
        for (let start = 0; start < input.rows.length; start += SLICE_ROWS) {
          signal.throwIfAborted();
          if (this.worker !== worker) throw new WorkerGone();
          const rows = input.rows.slice(start, start + SLICE_ROWS);
          const stream = input.mergeInto === undefined ? { dir } : undefined;
          this.post(worker, { type: 'rows', job, collection: input.collection, rows, stream });
          inFlight++;
          await turn();
          while (inFlight >= IN_FLIGHT && this.worker === worker && !signal.aborted)
            await new Promise<void>((resolve) => {
              wake = resolve;
              this.wakers.add(resolve);
            }).finally(() => {
              if (wake) this.wakers.delete(wake);
              wake = null;
            });
        }
      }
      signal.throwIfAborted();
      if (this.worker !== worker) throw new WorkerGone();
      const parts = inputs.map((i) => ({
        collection: i.collection,
        mergeInto: i.mergeInto,
        replaceAdamIds: i.replaceAdamIds,
        streamed: i.streamed,
      }));
      const written = await new Promise<WrittenParts>((resolve, reject) => {
        this.pending.set(job, { resolve: (r) => resolve(r.type === 'written' ? r.parts : {}), reject });
        this.post(worker, { type: 'write', job, dir, parts });
      });
      this.ranIn = 'worker';
      return written;
    } catch (err) {
      // Rows the worker was streamed died with it: this sync fails, the next reads Apple again.
      if (err instanceof WorkerGone && inputs.some((i) => i.streamed !== undefined)) throw new WorkerStopped();
      if (err instanceof WorkerGone) return this.inProcess(dir, inputs);
      if (this.worker === worker) this.drop(worker, job);
      throw err;
    } finally {
      this.acks.delete(job);
      this.pending.delete(job);
      this.letGo();
    }
  }

  async probe(dir: string, part: Pick<PartRef, 'file' | 'sha256'>, keys: readonly string[]): Promise<Set<string>> {
    const worker = this.started();
    if (!worker) return inProcessWriter.probe(dir, part, keys);
    const job = this.nextJob++;
    this.hold(worker);
    try {
      return await new Promise<Set<string>>((resolve, reject) => {
        this.pending.set(job, { resolve: (r) => resolve(new Set(r.type === 'probed' ? r.present : [])), reject });
        this.post(worker, { type: 'probe', job, dir, part: { file: part.file, sha256: part.sha256 }, keys: [...keys] });
      });
    } catch (err) {
      if (err instanceof WorkerGone) return inProcessWriter.probe(dir, part, keys);
      throw err;
    } finally {
      this.pending.delete(job);
      this.letGo();
    }
  }

  private inProcess(dir: string, inputs: readonly PartInput[]): Promise<WrittenParts> {
    this.ranIn = 'in-process';
    return writeParts(dir, inputs);
  }

  private drop(worker: Worker, job: number): void {
    this.dropping.add(job);
    this.hold(worker);
    this.post(worker, { type: 'drop', job });
  }

  private post(worker: Worker, request: WorkerRequest, transfer: ArrayBuffer[] = []): void {
    worker.postMessage(request, transfer);
  }

  private started(): Worker | null {
    if (this.worker) return this.worker;
    if (this.broken || !this.file) return null;
    let worker: Worker;
    try {
      worker = new Worker(...workerArgs(this.file));
    } catch {
      this.broken = true;
      return null;
    }
    workersStarted++;
    worker.on('message', (reply: WorkerReply) => this.answer(reply));
    const gone = () => {
      this.worker = null;
      this.broken = true;
      this.holding = false;
      this.dropping.clear();
      for (const p of this.pending.values()) p.reject(new WorkerGone());
      this.pending.clear();
      for (const t of this.taking.values()) t.reject(new WorkerStopped());
      this.taking.clear();
      for (const w of this.wakers) w();
      this.wakers.clear();
    };
    worker.on('error', gone);
    worker.on('exit', gone);
    // Unreferenced after the listeners: a 'message' listener added to a worker references it again, and a warm
    // worker (warm(), a window's host while it starts) then held a process open that had nothing left to do.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  /** Whether the worker keeps the process alive now: only while a job is open, writing or probing. */
  get holdsProcess(): boolean {
    return this.holding;
  }

  private hold(worker: Worker): void {
    worker.ref();
    this.holding = true;
  }

  /** Lets the process exit once no job needs the worker. */
  private letGo(): void {
    if (this.pending.size > 0 || this.opened.size > 0 || this.dropping.size > 0) return;
    this.worker?.unref();
    this.holding = false;
  }

  private answer(reply: WorkerReply): void {
    if (reply.type === 'appended') {
      this.acks.get(reply.job)?.();
      return;
    }
    if (reply.type === 'dropped') {
      this.dropping.delete(reply.job);
      this.letGo();
      return;
    }
    if (reply.type === 'took') {
      this.taking.get(reply.seq)?.resolve(reply.offloaded);
      this.taking.delete(reply.seq);
      return;
    }
    const pending = this.pending.get(reply.job);
    if (!pending) return;
    this.pending.delete(reply.job);
    if (reply.type === 'written' || reply.type === 'probed') pending.resolve(reply);
    else pending.reject(new VppError(isErrorCode(reply.code) ? reply.code : 'INTERNAL', reply.message));
  }

  /** Ends the worker (a host shutting down); a later sync starts a new one. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    for (const t of this.taking.values()) t.reject(new WorkerStopped());
    this.taking.clear();
    this.dropping.clear();
    if (worker) {
      worker.removeAllListeners('exit');
      await worker.terminate();
    }
  }
}

/** The worker ended before answering: the job is redone in-process. */
class WorkerGone extends Error {}

/** The worker ended holding rows streamed to it: they cannot be written here, the sync fails. */
class WorkerStopped extends VppError {
  constructor() {
    super('INTERNAL', 'The sync stopped before it could save what Apple sent. The next sync reads it again.');
  }
}
