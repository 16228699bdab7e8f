/**
 * One bench phase in its own process, so its peak memory is its own. Prints
 * one JSON line. The keychain is not what is measured here: an in-memory
 * vault holds the token.
 */
import { performance } from 'node:perf_hooks';
import { createCore } from '../../electron/core/app/create-core';
import { call } from '../../electron/core/app/dispatch';
import { systemClock } from '../../electron/core/base/clock';
import { Store } from '../../electron/core/cache/store';
import { MemoryVault } from '../../electron/core/token/vault';
import { watchLoop } from './loop-watch';
import { measureThreads, noteHelperThreads, type ThreadCpu } from './threads';
import type { Channel, RequestOf } from '../../shared/contract';

const [phase = ''] = process.argv.slice(2);
const home = process.env.BENCH_HOME ?? '';
const apiUrl = process.env.BENCH_API_URL ?? '';
const token = process.env.BENCH_TOKEN ?? '';

function report(value: Record<string, unknown>): void {
  // Page faults: this process's first touches of fresh memory (machine.ts), which the build machine charges dearly.
  const usage = process.resourceUsage();
  process.stdout.write(
    `${JSON.stringify({ phase, maxRssMb: Math.round(usage.maxRSS / 1024), pageFaults: usage.minorPageFault, cpuMs: lastCpuMs, threads: lastThreads, ...value })}\n`,
  );
}

async function openCore() {
  const vault = new MemoryVault();
  await vault.set(token);
  // Apple's ~15 requests/s is lifted here so the bench measures VPP Desk, not the limiter,
  // except for the figure against a rate-limited Apple (BENCH_APPLE_RATE, rate-limited.ts).
  return createCore({
    config: { dataDir: home, apiUrl, keychainService: 'bench' },
    transport: 'cli',
    // Measured as the process that answers the window: it loads the HTTP stack while starting.
    warmEarly: true,
    vault,
    ...(process.env.BENCH_APPLE_RATE ? {} : { requestsPerSecond: 10_000 }),
    pollIntervalMs: 20,
  });
}

/** CPU time of the last timed call: all of this process's threads, and per group of threads where Linux says. */
let lastCpuMs: number | undefined;
let lastThreads: ThreadCpu | null = null;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const threads = measureThreads();
  const value = await fn();
  const used = process.cpuUsage(cpu);
  lastCpuMs = Math.round((used.user + used.system) / 1000);
  lastThreads = threads();
  return [value, performance.now() - start];
}

/** Every page of the three collections, a collection at a time, five requests at once (the sync's concurrency). */
async function walk(get: (path: string, pageIndex: number) => Promise<{ totalPages: number }>): Promise<void> {
  for (const path of ['assets', 'users', 'assignments']) {
    const first = await get(path, 0);
    let next = 1;
    const lane = async () => {
      while (next < first.totalPages) await get(path, next++);
    };
    await Promise.all([lane(), lane(), lane(), lane(), lane()]);
  }
}

/**
 * A page's body by the same means the app sends (undici's request through an Agent, connect-fetch.ts):
 * the floor must not pay for an HTTP stack the sync no longer uses (Node's fetch costs about twice the CPU).
 */
async function bareGet(): Promise<(path: string, pageIndex: number) => Promise<ArrayBuffer>> {
  const { Agent, request } = await import('undici');
  const dispatcher = new Agent({ connect: { timeout: 10_000 } });
  const headers = { authorization: `Bearer ${token}` };
  return async (path, pageIndex) => {
    const res = await request(`${apiUrl}/${path}?pageIndex=${pageIndex}`, { headers, dispatcher });
    return res.body.arrayBuffer();
  };
}

/** The floor: the same pages fetched and parsed by a bare loop at the same concurrency (5). */
async function floor(): Promise<void> {
  const body = await bareGet();
  const text = new TextDecoder();
  const get = async (path: string, pageIndex: number) =>
    JSON.parse(text.decode(await body(path, pageIndex))) as { totalPages: number };
  const [, ms] = await timed(() => walk(get));
  report({ ms });
}

/** The floor as the stops before measured it, with Node's fetch: evidence beside the floor, to compare. */
async function fetchFloor(): Promise<void> {
  const headers = { authorization: `Bearer ${token}` };
  const get = async (path: string, pageIndex: number) => {
    const res = await fetch(`${apiUrl}/${path}?pageIndex=${pageIndex}`, { headers });
    return (await res.json()) as { totalPages: number };
  };
  const [, ms] = await timed(() => walk(get));
  report({ ms });
}

/**
 * What a cache costs at the least, as evidence beside the floor: the floor's loop, with each users and
 * assignments body handed (transferred) to a worker thread that parses it and appends it as it is to a file,
 * synced at the end. No check, no conversion, no index: what any cache that keeps the window's thread free pays.
 */
async function cacheFloor(): Promise<void> {
  const { Worker } = await import('node:worker_threads');
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const fs = require('node:fs');
    const fd = fs.openSync(workerData, 'w');
    const text = new TextDecoder();
    parentPort.on('message', (m) => {
      if (m === 'end') {
        fs.fsyncSync(fd);
        fs.closeSync(fd);
        fs.rmSync(workerData);
        return parentPort.postMessage('ended');
      }
      const body = text.decode(m.body);
      JSON.parse(body);
      fs.writeSync(fd, body);
      parentPort.postMessage(m.seq);
    });`;
  const fetched = await bareGet();
  const started: Array<InstanceType<typeof Worker>> = [];
  const [, ms] = await timed(async () => {
    const worker = new Worker(code, { eval: true, workerData: `${home}/bench-cache-floor.tmp` });
    started.push(worker);
    const answered = new Map<unknown, () => void>();
    worker.on('message', (m: unknown) => answered.get(m)?.());
    const ask = (message: unknown, key: unknown, transfer: ArrayBuffer[] = []) =>
      new Promise<void>((resolve) => {
        answered.set(key, resolve);
        worker.postMessage(message, transfer);
      });
    let seq = 0;
    const get = async (path: string, pageIndex: number) => {
      const body = await fetched(path, pageIndex);
      // Paging is read here from the first page (and the small assets list); every other body goes over unread.
      if (path === 'assets' || pageIndex === 0)
        return JSON.parse(Buffer.from(body).toString()) as { totalPages: number };
      const s = ++seq;
      await ask({ seq: s, body }, s, [body]);
      return { totalPages: 0 };
    };
    await walk(get);
    await ask('end', 'ended');
  });
  // Ended after the measure, so its thread's CPU is counted with the others'.
  await Promise.all(started.map((w) => w.terminate()));
  report({ ms });
}

/** A call's result, wall time and the longest it held the event loop (loop-watch.ts). */
async function blocking<T>(fn: () => Promise<T>): Promise<[T, number, number]> {
  const [[result, ms], { maxBlockMs }] = await watchLoop(() => timed(fn));
  return [result, ms, maxBlockMs];
}

async function main(): Promise<void> {
  // Before the core starts its worker (warmEarly): the threads there now are not VPP Desk's.
  await noteHelperThreads();
  if (phase === 'floor') return floor();
  if (phase === 'cache-floor') return cacheFloor();
  if (phase === 'fetch-floor') return fetchFloor();
  if (phase === 'load') {
    const [store, ms] = await timed(() => Store.open(home, systemClock));
    return report({ ms, users: store.data.users.length, assignments: store.data.assignments.length });
  }
  if (phase === 'first-apps') {
    // Start-up as the window sees it: open the cache, then the first page of apps.
    const [page, ms] = await timed(async () => {
      const core = await openCore();
      const first = await call(core.handlers, 'apps:query', { limit: 100 });
      await core.stop();
      return first;
    });
    return report({ ms, apps: page.total });
  }
  if (phase === 'with-rows') {
    // The cache after the deployment rows were seeded: start-up, the first page of apps and a change that does not
    // touch the rows (the schedule), each with the longest block of the window's thread.
    const [[opened, openMs], { maxBlockMs: openBlockMs }] = await watchLoop(() => timed(openCore));
    const [apps, appsMs, appsBlockMs] = await blocking(() => call(opened.handlers, 'apps:query', { limit: 100 }));
    const [, changeMs, changeBlockMs] = await blocking(() =>
      call(opened.handlers, 'sync:schedule', { intervalHours: 12 }),
    );
    await opened.stop();
    return report({ openMs, openBlockMs, appsMs, appsBlockMs, apps: apps.total, changeMs, changeBlockMs });
  }
  const core = await openCore();
  const run = <C extends Channel>(channel: C, req: RequestOf<C>) => call(core.handlers, channel, req);
  if (phase === 'full-sync' || phase === 'incremental') {
    // Where the time goes: milliseconds spent in each sync phase.
    const phases: Record<string, number> = {};
    let current = 'start';
    let since = performance.now();
    core.events.on('sync:progress', (p) => {
      if (p.phase === current) return;
      const now = performance.now();
      phases[current] = Math.round((phases[current] ?? 0) + now - since);
      current = p.phase;
      since = now;
    });
    // The longest the event loop was held during the sync: in Electron this loop answers the window.
    const [[summary, ms], blocks] = await watchLoop(() =>
      timed(() => run('sync:now', { full: phase === 'full-sync' })),
    );
    report({ ms, summary, phases, ...blocks });
  } else if (phase === 'plan') {
    const ids = (process.env.BENCH_USERS ?? '').split(',');
    const adamId = process.env.BENCH_APP ?? '';
    await run('deploy:plan', { adamId, clientUserIds: ids.slice(0, 10), action: 'required' }); // warm the user index
    const [plan, ms] = await timed(() => run('deploy:plan', { adamId, clientUserIds: ids, action: 'required' }));
    report({ ms, plan });
  } else if (phase === 'deploy') {
    const ids = (process.env.BENCH_USERS ?? '').split(',');
    // The window's thread runs the deployment: the longest it was held, as for a sync.
    const [outcome, ms, maxBlockMs] = await blocking(() =>
      run('deploy:run', { adamId: process.env.BENCH_APP ?? '', clientUserIds: ids, action: 'required' }),
    );
    const assigned = outcome.rows.filter((r) => r.state === 'assigned').length;
    report({ ms, users: ids.length, assigned, maxBlockMs });
  } else if (phase === 'filter') {
    // A needle that matches (simulator users are client-N): ~9 % of the failed rows, so sorting and scrolling have rows.
    const query = { state: 'failed' as const, search: 'client-1', limit: 200 };
    // The first page of each large view, as the window opens it: built, ranked and sorted from the cache.
    const [, coldMs, coldBlockMs] = await blocking(() => run('deployments:query', { limit: 200 }));
    const [, usersMs, usersBlockMs] = await blocking(() => run('users:query', { limit: 200 }));
    const first = await run('apps:query', { limit: 1 });
    const adamId = first.rows[0]?.adamId ?? '';
    const [, holdersMs, holdersBlockMs] = await blocking(() => run('holders:query', { adamId, limit: 200 }));
    const [, devicesMs, devicesBlockMs] = await blocking(() => run('devices:query', { limit: 200 }));
    // Every deployment row as CSV, as the Deployments page's export writes it.
    const [, csvMs, csvBlockMs] = await blocking(() => run('export:csv', { what: 'deployments' }));
    const views = {
      coldBlockMs,
      usersMs,
      usersBlockMs,
      holdersMs,
      holdersBlockMs,
      devicesMs,
      devicesBlockMs,
      csvMs,
      csvBlockMs,
    };
    const [page, ms] = await timed(() => run('deployments:query', query));
    const [, sortMs] = await timed(() =>
      run('deployments:query', { ...query, sortBy: 'clientUserId', sortDir: 'desc' }),
    );
    const [, scrollMs] = await timed(() =>
      run('deployments:query', { ...query, sortBy: 'clientUserId', sortDir: 'desc', offset: 400 }),
    );
    report({ coldMs, ms, sortMs, scrollMs, matched: page.total, ...views });
  }
  await core.stop();
}

main().catch((err: unknown) => {
  process.stderr.write(`bench worker ${phase}: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
