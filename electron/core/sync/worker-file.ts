/**
 * Where the sync's worker thread is loaded from. Built, it is
 * dist/sync-worker.cjs beside the bundle that runs the engine (main.cjs,
 * cli.cjs); inside a packaged app that file is unpacked from the asar
 * archive (electron-builder.yml), since a worker thread is started from a
 * real file. From source (tests, the bench under tsx) it is part-worker.ts,
 * loaded through tsx's require hook (a worker does not inherit the loader
 * the parent was started with, and `--import tsx` in its execArgv is not
 * applied to the worker's own entry). null when neither is there: the
 * engine then does the work in-process.
 *
 * VPP_DESK_SYNC_WORKER names a built worker to use instead: the bench runs
 * the core from source but times the worker an admin runs (compiling
 * part-worker.ts through tsx added ~0.7 s to every first sync it measured).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface WorkerFile {
  file: string;
  /** TypeScript source, run through tsx's require hook. */
  source: boolean;
}

export function syncWorkerFile(dir: string = __dirname): WorkerFile | null {
  const named = process.env.VPP_DESK_SYNC_WORKER;
  if (named && existsSync(named)) return { file: named, source: false };
  const built = path.join(dir, 'sync-worker.cjs');
  const unpacked = built.replace(`${path.sep}app.asar${path.sep}`, `${path.sep}app.asar.unpacked${path.sep}`);
  if (unpacked !== built && existsSync(unpacked)) return { file: unpacked, source: false };
  if (existsSync(built)) return { file: built, source: false };
  const source = path.join(dir, 'part-worker.ts');
  if (existsSync(source)) return { file: source, source: true };
  return null;
}

/** Starts the worker from its file: the built one directly, the source through tsx (a dev dependency). */
export function workerArgs(w: WorkerFile): [string, { eval: boolean }] {
  if (!w.source) return [w.file, { eval: false }];
  const from = JSON.stringify(path.dirname(w.file));
  return [
    `require(require.resolve('tsx/cjs', { paths: [${from}] }));\nrequire(${JSON.stringify(w.file)});`,
    { eval: true },
  ];
}
