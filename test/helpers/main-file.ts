/**
 * The main cache file as a crash leaves it, for tests that read or edit it on disk: the deployment rows come from
 * the part file it names (schema 2) with the changes appended to it since, and are written back inline, as a
 * schema 1 cache held them, which the store reads and writes to a part again.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { DeploymentLog } from '../../electron/core/cache/deployment-log';
import type { OwnPartRef } from '../../electron/core/cache/schema';

/** Loosely typed: tests write entries as older versions or a crash left them. */
export type MainOnDisk = { journal: unknown[]; deployments: unknown[] } & Record<string, unknown>;

const mainPath = (home: string) => path.join(home, 'vpp-desk-cache.json');

/** The main file with its deployment rows, read from their part. */
export async function readMain(home: string): Promise<MainOnDisk> {
  const main = JSON.parse(await fs.readFile(mainPath(home), 'utf8')) as MainOnDisk & {
    deploymentsPart?: OwnPartRef | null;
  };
  const ref = main.deploymentsPart;
  if (ref) {
    // The part with the changes appended since it was written (deployment-log.ts).
    const read = new DeploymentLog().readSync(home, ref);
    if (read.kind !== 'ok') throw new Error(`deployments part ${ref.file}: ${read.kind}`);
    main.deployments = read.rows;
  } else main.deployments ??= [];
  return main;
}

/** Reads the main file, lets `edit` change it (rows included), and writes it back with the rows inline. */
export async function editMain(home: string, edit: (main: MainOnDisk) => void): Promise<void> {
  const main = await readMain(home);
  edit(main);
  await fs.writeFile(mainPath(home), JSON.stringify({ ...main, deploymentsPart: null }));
}
