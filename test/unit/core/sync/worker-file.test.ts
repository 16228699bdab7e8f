// Where the sync's worker thread is started from: built beside the bundle,
// unpacked from a packaged app's archive, or from source through tsx.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { syncWorkerFile, workerArgs } from '../../../../electron/core/sync/worker-file';
import { tempDir } from '../../../helpers/tmp';

const dirs: string[] = [];
afterEach(async () => {
  delete process.env.VPP_DESK_SYNC_WORKER;
  await Promise.all(dirs.splice(0).map((d) => fs.rm(d, { recursive: true, force: true })));
});
async function dir(files: string[]): Promise<string> {
  const d = await tempDir();
  dirs.push(d);
  for (const f of files) {
    await fs.mkdir(path.dirname(path.join(d, f)), { recursive: true });
    await fs.writeFile(path.join(d, f), '');
  }
  return d;
}

describe('syncWorkerFile', () => {
  it('prefers the built worker beside the bundle to the source', async () => {
    const d = await dir(['sync-worker.cjs', 'part-worker.ts']);
    expect(syncWorkerFile(d)).toEqual({ file: path.join(d, 'sync-worker.cjs'), source: false });
  });

  it('inside app.asar, starts the unpacked copy (a worker needs a real file)', async () => {
    const d = await dir(['app.asar.unpacked/dist/sync-worker.cjs']);
    const inAsar = path.join(d, 'app.asar', 'dist');
    expect(syncWorkerFile(inAsar)).toEqual({
      file: path.join(d, 'app.asar.unpacked', 'dist', 'sync-worker.cjs'),
      source: false,
    });
  });

  it('from source, runs part-worker.ts through tsx; with neither, none (the work runs in-process)', async () => {
    const d = await dir(['part-worker.ts']);
    const w = syncWorkerFile(d);
    expect(w).toEqual({ file: path.join(d, 'part-worker.ts'), source: true });
    const [code, options] = workerArgs(w as NonNullable<typeof w>);
    expect(options).toEqual({ eval: true });
    expect(code).toContain("require.resolve('tsx/cjs'");
    expect(syncWorkerFile(await dir([]))).toBeNull();
  });

  it('VPP_DESK_SYNC_WORKER names a built worker to use instead, when that file exists', async () => {
    const d = await dir(['part-worker.ts', 'elsewhere/sync-worker.cjs']);
    process.env.VPP_DESK_SYNC_WORKER = path.join(d, 'elsewhere', 'sync-worker.cjs');
    expect(syncWorkerFile(d)).toEqual({ file: path.join(d, 'elsewhere', 'sync-worker.cjs'), source: false });
    process.env.VPP_DESK_SYNC_WORKER = path.join(d, 'missing.cjs');
    expect(syncWorkerFile(d)).toEqual({ file: path.join(d, 'part-worker.ts'), source: true });
  });
});
