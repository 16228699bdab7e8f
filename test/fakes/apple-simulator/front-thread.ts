// Starts the rate limit's front door (front-worker.ts) on a worker thread, in front of the simulator's
// server: SimulatorOptions.limitAtFrontThread. The worker is TypeScript, loaded through tsx's require hook
// (a dev dependency), as the simulator only ever runs from source.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FrontData } from './front-worker';

/** Set by the front on a request it counted over the limit; the simulator answers it 429. */
export const OVER_LIMIT_HEADER = 'x-simulator-over-limit';

export interface Front {
  port: number;
  close(): Promise<void>;
}

export async function startFront(backendPort: number, perSecond: number, counted: string[]): Promise<Front> {
  const file = path.join(__dirname, 'front-worker.ts');
  const data: FrontData = { backendPort, perSecond, counted, header: OVER_LIMIT_HEADER };
  const worker = new Worker(
    `require(require.resolve('tsx/cjs', { paths: [${JSON.stringify(__dirname)}] }));\nrequire(${JSON.stringify(file)});`,
    { eval: true, workerData: data },
  );
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', (m: { port: number }) => resolve(m.port));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the rate limit's front thread exited (${code})`)));
  });
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.postMessage('close');
      }),
  };
}
