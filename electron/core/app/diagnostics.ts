/**
 * The diagnostics bundle an admin sends to support (`vpp-desk diagnostics`,
 * Help › Export diagnostics): the log files, the versions, and a summary of
 * the cache (counts, dates, states). No token, no ids, no emails: the
 * summary is built from counts only and every text passes `redact`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DeploymentState, TermsStatus } from '../../../shared/domain';
import { LOG_DIR, redact } from '../base';
import { call } from './dispatch';
import type { CoreConfig } from './config';
import type { Handlers } from './handlers';

export interface DiagnosticsMeta {
  version: string;
  transport: string;
}

export interface DiagnosticsResult {
  file: string;
  entries: string[];
}

/** Writes the bundle to `outFile` (a .zip), replacing it only once complete. */
export async function exportDiagnostics(
  handlers: Handlers,
  config: CoreConfig,
  outFile: string,
  meta: DiagnosticsMeta,
): Promise<DiagnosticsResult> {
  // Loaded here, not with the module: the zip writer (and zlib) cost every CLI command otherwise.
  const { ZipFile } = await import('yazl');
  const zip = new ZipFile();
  const entries: string[] = [];
  const add = (name: string, text: string): void => {
    zip.addBuffer(Buffer.from(redact(text)), name, { mtime: new Date() });
    entries.push(name);
  };
  add('versions.json', json(versions(meta)));
  add('cache-summary.json', json(await cacheSummary(handlers, config)));
  for (const file of logFiles(config.dataDir)) add(`logs/${path.basename(file)}`, fs.readFileSync(file, 'utf8'));

  const target = path.resolve(outFile);
  const partial = `${target}.partial`;
  zip.end();
  await new Promise<void>((resolve, reject) => {
    const out = fs.createWriteStream(partial, { mode: 0o600 });
    out.on('error', reject);
    out.on('close', resolve);
    zip.outputStream.on('error', reject).pipe(out);
  });
  fs.renameSync(partial, target);
  return { file: target, entries };
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function versions(meta: DiagnosticsMeta): Record<string, unknown> {
  return {
    app: meta.version,
    transport: meta.transport,
    platform: process.platform,
    arch: process.arch,
    os: `${os.type()} ${os.release()}`,
    // node, v8, and under Electron also electron and chrome.
    runtime: process.versions,
    exportedAt: new Date().toISOString(),
  };
}

function logFiles(dataDir: string): string[] {
  const dir = path.join(dataDir, LOG_DIR);
  try {
    return fs
      .readdirSync(dir)
      .filter((name) => name.endsWith('.log'))
      .sort()
      .map((name) => path.join(dir, name));
  } catch {
    return [];
  }
}

/** Counts, dates and states: enough to see what the cache holds, nothing that names anyone. */
async function cacheSummary(handlers: Handlers, config: CoreConfig): Promise<Record<string, unknown>> {
  const total = async (read: () => Promise<{ total: number }>): Promise<number | 'unavailable'> => {
    try {
      return (await read()).total;
    } catch {
      return 'unavailable';
    }
  };
  const usersByTerms: Record<string, number | 'unavailable'> = {};
  for (const terms of TermsStatus.options) {
    usersByTerms[terms] = await total(() => call(handlers, 'users:query', { limit: 1, terms }));
  }
  const deploymentsByState: Record<string, number | 'unavailable'> = {};
  for (const state of DeploymentState.options) {
    deploymentsByState[state] = await total(() => call(handlers, 'deployments:query', { limit: 1, state }));
  }
  return {
    token: await settle(async () => {
      const t = await call(handlers, 'token:status', {});
      return { state: t.state, expiresAt: t.expiresAt, daysLeft: t.daysLeft, lastUpdatedAt: t.lastUpdatedAt };
    }),
    app: await settle(async () => {
      const info = await call(handlers, 'app:info', {});
      return { online: info.online, dataAsOf: info.dataAsOf, notices: info.notices.length };
    }),
    sync: await settle(async () => {
      const s = await call(handlers, 'sync:status', {});
      return {
        lastSyncAt: s.lastSyncAt,
        nextSyncAt: s.nextSyncAt,
        intervalHours: s.intervalHours,
        paused: s.paused !== null,
        // Outcomes without their messages: the log has those.
        history: s.history.map((h) => ({
          startedAt: h.startedAt,
          finishedAt: h.finishedAt,
          ok: h.ok,
          trigger: h.trigger,
          ...(h.summary ? { mode: h.summary.mode, durationMs: h.summary.durationMs } : {}),
        })),
      };
    }),
    counts: {
      apps: await total(() => call(handlers, 'apps:query', { limit: 1 })),
      lowStockApps: await total(() => call(handlers, 'apps:query', { limit: 1, lowStockOnly: true })),
      users: await total(() => call(handlers, 'users:query', { limit: 1 })),
      usersByTerms,
      assignments: await total(() => call(handlers, 'assignments:query', { limit: 1 })),
      deploymentsByState,
      activity: await total(() => call(handlers, 'activity:query', { limit: 1 })),
    },
    files: dataFiles(config.dataDir),
  };
}

async function settle<T>(read: () => Promise<T>): Promise<T | { unavailable: string }> {
  try {
    return await read();
  } catch (err) {
    return { unavailable: err instanceof Error ? err.message : String(err) };
  }
}

/** The data folder's own files: names, sizes and dates (their content stays home). */
function dataFiles(dataDir: string): Array<{ name: string; bytes: number; modifiedAt: string }> {
  try {
    return fs
      .readdirSync(dataDir, { withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => {
        const stat = fs.statSync(path.join(dataDir, e.name));
        return { name: e.name, bytes: stat.size, modifiedAt: stat.mtime.toISOString() };
      });
  } catch {
    return [];
  }
}
