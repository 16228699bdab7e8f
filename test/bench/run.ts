/**
 * `npm run bench [-- --json]`: sync, cache and deployment figures for an
 * organisation of 5,000 apps, 100,000 users and 200,000 assignments, served
 * by the simulator on 127.0.0.1 in Apple-like pages of a few hundred. Each
 * phase runs in its own process (peak memory is that process's).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createCore } from '../../electron/core/app/create-core';
import { call } from '../../electron/core/app/dispatch';
import { systemClock } from '../../electron/core/base/clock';
import { ACTIVITY_CAP, Store } from '../../electron/core/cache';
import { MemoryVault } from '../../electron/core/token/vault';
import { startSimulator } from '../fakes/apple-simulator';
import { touchCost } from './machine';
import { runPhase as worker, type PhaseResult } from './phase';
import type { CachedDeployment } from '../../electron/core/cache/schema';
import type { Org, RateLimitedFigure } from './rate-limited';
import type { ThreadCpu } from './threads';

const json = process.argv.includes('--json');
/** `--scale 1m`: the large district of issue 9 (a million assignments); heavy, minutes on a shared machine. */
const large = process.argv.includes('1m');
const ORG = large
  ? { apps: 10_000, users: 250_000, assignments: 1_000_000, pageSize: 500 }
  : { apps: 5000, users: 100_000, assignments: 200_000, pageSize: 300 };
const TARGETS = {
  ratio: large ? 1.3 : 1.2,
  /** Longest event-loop block during a full sync (monitorEventLoopDelay); the target is set at 1M. */
  blockMs: 50,
  firstAppsMs: 1000,
  cliMs: 500,
  cliMb: 150,
  incrementalMs: 300,
  incrementalRequests: 4,
  /** Issue 9: an incremental sync after changes, < 2 s, its requests about the changed pages. */
  changedMs: 2000,
  peakMb: large ? 500 : 400,
  loadMs: 1000,
  planMs: 100,
  filterMs: 50,
};

const FILTER_ROWS = large ? 1_000_000 : 200_000;

type Result = PhaseResult;
/** [figure, measured, target, ok], as the table prints them. */
type Check = [string, string, string, boolean];

/** The longest block of the first pages of the large views, held to the sync's bar; the worst one is named. */
function viewsCheck(views: Record<string, { ms: number; maxBlockMs: number }>): Check {
  const [name, worst] = Object.entries(views).sort((a, b) => b[1].maxBlockMs - a[1].maxBlockMs)[0] ?? ['', null];
  const max = worst?.maxBlockMs ?? 0;
  return [
    'longest block (first pages)',
    `${max} ms (${name}; ${Object.entries(views)
      .map(([view, v]) => `${view} ${v.maxBlockMs}`)
      .join(', ')})`,
    `< ${TARGETS.blockMs} ms`,
    max < TARGETS.blockMs,
  ];
}

/** Runs of each CLI figure: one run on this shared machine strays by ±100 ms (node -e 0 alone: 40-140 ms). */
const CLI_RUNS = 5;

/**
 * A CLI command as an admin runs it, CLI_RUNS times: the median wall time (with the range) and the largest peak
 * memory. The median, not the best: a command an admin waits for is as slow as it usually is.
 */
async function cli(
  args: string[],
  env: Record<string, string>,
): Promise<{ ms: number; maxRssMb: number; range: string }> {
  const runs: Array<{ ms: number; maxRssMb: number }> = [];
  for (let i = 0; i < CLI_RUNS; i++) runs.push(await cliOnce(args, env));
  const ms = runs.map((r) => r.ms).sort((a, b) => a - b);
  return {
    ms: ms[Math.floor(ms.length / 2)] as number,
    maxRssMb: Math.max(...runs.map((r) => r.maxRssMb)),
    range: `${Math.round(ms[0] as number)}-${Math.round(ms[ms.length - 1] as number)}`,
  };
}

/** One run of the built dist/cli.cjs: wall time and peak memory from /usr/bin/time. */
function cliOnce(args: string[], env: Record<string, string>): Promise<{ ms: number; maxRssMb: number }> {
  return new Promise((resolve, reject) => {
    const bin = path.resolve(__dirname, '..', '..', 'dist', 'cli.cjs');
    const child = spawn('/usr/bin/time', ['-f', 'BENCH %e %M', process.execPath, bin, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', () => {
      const m = /BENCH ([\d.]+) (\d+)/.exec(err);
      if (!m) reject(new Error(`vpp-desk ${args.join(' ')} failed: ${err.slice(0, 300)}`));
      else resolve({ ms: Number(m[1]) * 1000, maxRssMb: Math.round(Number(m[2]) / 1024) });
    });
  });
}

/** The figure against Apple's limit, in its own process (see rate-limited.ts for why). */
function rateLimitedApart(org: Org): Promise<RateLimitedFigure> {
  return new Promise((resolve, reject) => {
    const tsx = path.resolve(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');
    const child = spawn(tsx, [path.join(__dirname, 'rate-limited.ts')], {
      env: { ...process.env, BENCH_ORG: JSON.stringify(org) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    // It exits 1 when the figure misses its target: the figure is still what it printed.
    child.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (!line.startsWith('{')) reject(new Error(`the rate-limited figure failed (${code})`));
      else resolve(JSON.parse(line) as RateLimitedFigure);
    });
  });
}

/** A phase's result with the CPU time Apple's stand-in (this process) spent meanwhile: the two share the cores. */
async function standIn(run: () => Promise<Result>): Promise<Result> {
  const cpu = process.cpuUsage();
  const result = await run();
  const used = process.cpuUsage(cpu);
  return { ...result, standInCpuMs: Math.round((used.user + used.system) / 1000) };
}

/** The activity log filled to its cap with license lines, as eight deployments of 2,500 users leave it. */
async function fillActivity(home: string, users: string[]): Promise<void> {
  const store = await Store.open(home, systemClock);
  await store.update((d) => {
    for (let i = 0; i < ACTIVITY_CAP; i++) {
      const clientUserId = users[i % users.length] ?? `client-${i}`;
      store.log('license-assigned', `Keynote assigned to ${clientUserId}.`, d, {
        source: 'window',
        actor: 'ana.garcia',
        adamId: '995000001',
        clientUserId,
      });
    }
  });
  await store.flush();
}

const log = (text: string) => {
  if (!json) process.stderr.write(`${text}\n`);
};

async function main(): Promise<void> {
  log(
    `bench: seeding the simulator (${ORG.apps} apps, ${ORG.users} users, ${ORG.assignments} assignments, pages of ${ORG.pageSize})…`,
  );
  const sim = await startSimulator({ seed: 11, eventDelayMs: 50, ...ORG });
  const home = await fs.mkdtemp(path.join(os.tmpdir(), 'vpp-desk-bench-'));
  const token = sim.issueToken();
  // The phases run bundled beside dist/sync-worker.cjs and start it as the app does (npm run bench builds first).
  const env = {
    BENCH_HOME: home,
    BENCH_API_URL: sim.url,
    BENCH_TOKEN: token,
  };
  try {
    const vault = new MemoryVault();
    const setup = await createCore({
      config: { dataDir: home, apiUrl: sim.url, keychainService: 'bench' },
      transport: 'cli',
      vault,
    });
    await call(setup.handlers, 'token:import', {
      fileContent: token,
      appleId: 'bench@example.com',
      acceptAccountLock: true,
    });
    await setup.stop();

    // Floor and sync alternate so neither gets a warmer simulator; the best
    // of three of each is compared (this machine's noise is larger than the gap).
    // Apple's servers are warm when an admin syncs; the stand-in is not: the first time it serves a million rows its
    // own code is still being compiled (a 200k first sync: 2.46-2.60 s against it cold, 2.08-2.28 s warm, on the same
    // machine). It serves every page once first, unmeasured.
    log("bench: warming Apple's stand-in (every page served once, not measured)…");
    await worker('floor', env);
    log('bench: first full sync into an empty cache…');
    const first = await worker('full-sync', env);
    const floors: Result[] = [];
    const fulls: Result[] = [];
    const cacheFloors: Result[] = [];
    const fetchFloors: Result[] = [];
    for (let i = 0; i < 3; i++) {
      log(`bench: floor (bare request + parse of the same pages) and repeat full sync, round ${i + 1} of 3…`);
      floors.push(await standIn(() => worker('floor', env)));
      fulls.push(await standIn(() => worker('full-sync', env)));
      // Evidence, no target: the floor plus the least a cache off the window's thread costs (worker.ts).
      cacheFloors.push(await standIn(() => worker('cache-floor', env)));
      // Evidence, no target: the floor as it was measured until the app stopped sending with Node's fetch.
      fetchFloors.push(await standIn(() => worker('fetch-floor', env)));
    }
    const best = (runs: Result[]) => runs.reduce((a, b) => (b.ms < a.ms ? b : a));
    const floor = best(floors);
    const full = best(fulls);
    const before = sim.requests.length;
    log('bench: incremental sync with no changes (3 runs, the median)…');
    const incremental = await worker('incremental', env);
    const incrementalRequests = sim.requests.length - before;
    // Tens of milliseconds of this machine's noise on a figure of a few hundred: the median of three runs.
    const noChange = [incremental, await worker('incremental', env), await worker('incremental', env)].sort(
      (a, b) => a.ms - b.ms,
    );
    const incrementalMedian = noChange[1] as Result;
    log('bench: cache load…');
    const load = await worker('load', env);
    log('bench: start-up to the first page of apps, and the CLI…');
    const firstApps = await worker('first-apps', env);
    const cliEnv = { VPP_DESK_HOME: home, VPP_DESK_API_URL: sim.url };
    const cliStatus = await cli(['token', 'status', '--json'], cliEnv);

    // Deployments: plan for 10,000 users; associations batched to Apple's limit.
    const accepted = sim.usersByStatus('Associated', 12_500).map((u) => u.clientUserId);
    const planUsers = accepted.slice(0, 10_000);
    const bulkApp = '995000001';
    sim.buyLicenses(bulkApp, 'STDQ', 3000);
    await worker('incremental', env);
    log('bench: plan for 10,000 users…');
    const plan = await worker('plan', { ...env, BENCH_APP: bulkApp, BENCH_USERS: planUsers.join(',') });
    const deployUsers = accepted.slice(10_000, 12_500);
    const assocBefore = sim.requests.filter((r) => r.path.endsWith('/assets/associate')).length;
    log('bench: deploy to 2,500 users…');
    const deploy = await worker('deploy', { ...env, BENCH_APP: bulkApp, BENCH_USERS: deployUsers.join(',') });
    const associations = sim.requests.filter((r) => r.path.endsWith('/assets/associate')).length - assocBefore;
    // The deployment changed 2,500 assignments at Apple: the next incremental sync reads them.
    log('bench: incremental sync after the deployment changed 2,500 assignments…');
    const changedBefore = sim.requests.length;
    const changed = await worker('incremental', env);
    const changedPages = sim.requests
      .slice(changedBefore)
      .filter((r) => r.status === 200 && /\/(assets|users|assignments)$/.test(r.path)).length;
    // Apple's delta (the changed assignments' pages), the deployed app read again whole (VPP Desk changed its rows
    // itself: only Apple's copy is sure), the assets' pages (counts moved) and page 0 of users.
    // Assets are apps × pricings (10,834 at 1M, not 10,000): their pages as the first sync counted them.
    const assetCount = (first.summary as { assets?: number } | undefined)?.assets ?? ORG.apps;
    const changedTarget = 2 * Math.ceil(deployUsers.length / ORG.pageSize) + Math.ceil(assetCount / ORG.pageSize) + 2;
    // After the deployment, as an admin's cache is: rows in state assigned once made the apps list read every assignment.
    log('bench: the CLI lists apps…');
    const cliApps = await cli(['apps', '--json'], cliEnv);
    // The figures above read a cache a few days old. One line per license change per user: eight deployments
    // of 2,500 users fill the activity log to its cap, which a command that does not show it must not pay for.
    log(`bench: the CLI again with the activity log at its cap (${ACTIVITY_CAP.toLocaleString('en')} lines)…`);
    await fillActivity(home, accepted);
    const cliStatusFull = await cli(['token', 'status', '--json'], cliEnv);
    const cliAppsFull = await cli(['apps', '--json'], cliEnv);
    const batchMinimum = Math.ceil(deployUsers.length / 1000);

    // Deployment rows for the filter figure: 200,000, or a million at --scale 1m (issue 9's figure).
    const store = await Store.open(home, systemClock);
    const apps = store.data.assets.slice(0, 40);
    const users = store.data.users;
    const states: CachedDeployment['state'][] = ['assigned', 'pending-terms', 'failed', 'assigning', 'reclaimed'];
    await store.update((d) => {
      const now = new Date().toISOString();
      d.deployments = [];
      for (let i = 0; i < FILTER_ROWS; i++) {
        const app = apps[i % apps.length];
        const user = users[Math.floor(i / apps.length) % users.length];
        if (!app || !user) break;
        const state = states[i % states.length] ?? 'assigned';
        d.deployments.push({
          adamId: app.adamId,
          pricingParam: app.pricingParam,
          clientUserId: user.clientUserId,
          action: 'required',
          state,
          reason: state === 'failed' ? 'No licenses available.' : null,
          createdAt: now,
          updatedAt: now,
          journalId: null,
        });
      }
    });
    log(`bench: filter ${FILTER_ROWS.toLocaleString('en')} deployment rows…`);
    const filter = await worker('filter', env);
    log('bench: start-up, the first page of apps and a change, with those deployment rows…');
    const withRows = await worker('with-rows', env);
    // A deployment in a cache holding those rows: each of its writes once rewrote every row (a million: minutes).
    // The rows as months of deployments leave them, assigned or reclaimed: the filter's seed also holds rows
    // waiting on licenses or on a write (its figure filters them), which a deployment would first resume.
    log(`bench: a deployment of 2,500 users with those deployment rows in the cache…`);
    await store.update((d) => {
      for (const r of d.deployments)
        if (r.state !== 'assigned') Object.assign(r, { action: 'uninstall', state: 'reclaimed', reason: null });
    });
    sim.buyLicenses(bulkApp, 'STDQ', 2500);
    const rowsDeploy = await worker('deploy', {
      ...env,
      BENCH_APP: bulkApp,
      BENCH_USERS: accepted.slice(7_500, 10_000).join(','),
    });
    const rowsParts = (await fs.readdir(home)).filter((f) => f.endsWith('.deployments.json')).length;
    log(`bench: full sync against Apple's limit (15/s, 250 ms a request; ${ORG.assignments} assignments)…`);
    const rateLimited = await rateLimitedApart(ORG);

    const ratio = full.ms / floor.ms;
    const maxBlock = Math.max(...[first, ...fulls].map((r) => Number(r.maxBlockMs)));
    const figures = {
      org: ORG,
      fullSync: {
        ms: Math.round(full.ms),
        floorMs: Math.round(floor.ms),
        ratio: Number(ratio.toFixed(2)),
        peakMb: Math.max(first.maxRssMb, ...fulls.map((r) => r.maxRssMb)),
        firstMs: Math.round(first.ms),
        firstRatio: Number((first.ms / floor.ms).toFixed(2)),
        cpuMs: full.cpuMs,
        floorCpuMs: floor.cpuMs,
        threads: full.threads,
        floorThreads: floor.threads,
        leastCacheMs: Math.round(best(cacheFloors).ms),
      },
      incremental: {
        ms: Math.round(incrementalMedian.ms),
        range: `${Math.round((noChange[0] as Result).ms)}-${Math.round((noChange[2] as Result).ms)}`,
        requests: incrementalRequests,
        peakMb: incrementalMedian.maxRssMb,
      },
      cacheLoad: { ms: Math.round(load.ms), peakMb: load.maxRssMb },
      plan: { users: planUsers.length, ms: Number(plan.ms.toFixed(1)) },
      deploy: {
        users: deployUsers.length,
        associateRequests: associations,
        batchMinimum,
        ms: Math.round(deploy.ms),
        maxBlockMs: Number(deploy.maxBlockMs),
        peakMb: deploy.maxRssMb,
      },
      phases: full.phases,
      filter: {
        rows: FILTER_ROWS,
        firstQueryMs: Number((filter.coldMs as number).toFixed(1)),
        ms: Number(filter.ms.toFixed(1)),
        sortMs: Number((filter.sortMs as number).toFixed(1)),
        scrollMs: Number((filter.scrollMs as number).toFixed(1)),
      },
      // The first page of each large view (built, ranked, sorted): wall time and the longest block of the loop.
      views: {
        deployments: { ms: Math.round(filter.coldMs as number), maxBlockMs: Number(filter.coldBlockMs) },
        users: { ms: Math.round(filter.usersMs as number), maxBlockMs: Number(filter.usersBlockMs) },
        holders: { ms: Math.round(filter.holdersMs as number), maxBlockMs: Number(filter.holdersBlockMs) },
        devices: { ms: Math.round(filter.devicesMs as number), maxBlockMs: Number(filter.devicesBlockMs) },
      },
      // Every deployment row as CSV: evidence (its last block is the redaction every result passes).
      csvExport: { ms: Math.round(filter.csvMs as number), maxBlockMs: Number(filter.csvBlockMs) },
      // Evidence: the same start-up and a change of the main file with FILTER_ROWS deployment rows in the cache.
      withRows: {
        rows: FILTER_ROWS,
        openMs: Math.round(withRows.openMs as number),
        openBlockMs: Number(withRows.openBlockMs),
        firstAppsMs: Math.round(withRows.appsMs as number),
        firstAppsBlockMs: Number(withRows.appsBlockMs),
        changeMs: Math.round(withRows.changeMs as number),
        changeBlockMs: Number(withRows.changeBlockMs),
        deployMs: Math.round(rowsDeploy.ms),
        deployBlockMs: Number(rowsDeploy.maxBlockMs),
        deployPeakMb: rowsDeploy.maxRssMb,
        // Parts of the rows on disk after it (those no longer named are swept at the next start).
        partsOnDisk: rowsParts,
      },
      targets: TARGETS,
      rateLimited,
    };
    const checks: Check[] = [
      [
        'full sync vs floor (best of 3)',
        `${figures.fullSync.ms} ms vs ${figures.fullSync.floorMs} ms = ${figures.fullSync.ratio}x`,
        `≤ ${TARGETS.ratio}x`,
        ratio <= TARGETS.ratio,
      ],
      [
        'first full sync (empty cache)',
        `${figures.fullSync.firstMs} ms = ${figures.fullSync.firstRatio}x floor`,
        `≤ ${TARGETS.ratio}x`,
        figures.fullSync.firstRatio <= TARGETS.ratio,
      ],
      [
        'peak memory (full sync)',
        `${figures.fullSync.peakMb} MB`,
        `< ${TARGETS.peakMb} MB`,
        figures.fullSync.peakMb < TARGETS.peakMb,
      ],
      [
        'incremental, no changes',
        `${figures.incremental.ms} ms (median of 3: ${figures.incremental.range}), ${incrementalRequests} requests`,
        `< ${TARGETS.incrementalMs} ms, ≤ ${TARGETS.incrementalRequests}`,
        incrementalMedian.ms < TARGETS.incrementalMs && incrementalRequests <= TARGETS.incrementalRequests,
      ],
      [
        'incremental, 2,500 changed',
        `${Math.round(changed.ms)} ms, ${changedPages} pages`,
        `< ${TARGETS.changedMs} ms, ≤ ${changedTarget} pages`,
        changed.ms < TARGETS.changedMs && changedPages <= changedTarget,
      ],
      ['cache load at start', `${figures.cacheLoad.ms} ms`, `< ${TARGETS.loadMs} ms`, load.ms < TARGETS.loadMs],
      [
        'longest event-loop block (sync)',
        `${maxBlock} ms (p99 ${Math.max(...[first, ...fulls].map((r) => Number(r.p99BlockMs)))} ms)`,
        `< ${TARGETS.blockMs} ms`,
        // Stated at 1M; a 200k sync is held to the same bar (it said "yes" at 170 ms before).
        maxBlock < TARGETS.blockMs,
      ],
      [
        'longest block (deploy 2,500)',
        `${figures.deploy.maxBlockMs} ms (deployment ${figures.deploy.ms} ms, ${figures.deploy.peakMb} MB)`,
        // The sync's bar: a deployment runs on the same thread that answers the window.
        `< ${TARGETS.blockMs} ms`,
        figures.deploy.maxBlockMs < TARGETS.blockMs,
      ],
      [
        'start-up to first page of apps',
        `${Math.round(firstApps.ms)} ms`,
        `< ${TARGETS.firstAppsMs} ms`,
        firstApps.ms < TARGETS.firstAppsMs,
      ],
      [
        'vpp-desk apps --json',
        `${Math.round(cliApps.ms)} ms (median of ${CLI_RUNS}: ${cliApps.range}), ${cliApps.maxRssMb} MB`,
        `< ${TARGETS.cliMs} ms, < ${TARGETS.cliMb} MB`,
        cliApps.ms < TARGETS.cliMs && cliApps.maxRssMb < TARGETS.cliMb,
      ],
      [
        'vpp-desk token status',
        `${Math.round(cliStatus.ms)} ms (median of ${CLI_RUNS}: ${cliStatus.range}), ${cliStatus.maxRssMb} MB`,
        `< ${TARGETS.cliMs} ms, < ${TARGETS.cliMb} MB`,
        cliStatus.ms < TARGETS.cliMs && cliStatus.maxRssMb < TARGETS.cliMb,
      ],
      ...[
        ['apps --json, activity log full', cliAppsFull] as const,
        ['token status, activity log full', cliStatusFull] as const,
      ].map(([name, r]): Check => [
        name,
        `${Math.round(r.ms)} ms (median of ${CLI_RUNS}: ${r.range}), ${r.maxRssMb} MB`,
        `< ${TARGETS.cliMs} ms, < ${TARGETS.cliMb} MB`,
        r.ms < TARGETS.cliMs && r.maxRssMb < TARGETS.cliMb,
      ]),
      ['plan, 10,000 users', `${figures.plan.ms} ms`, `< ${TARGETS.planMs} ms`, plan.ms < TARGETS.planMs],
      // Issue 9's figure is "filter / sort": the filtered rows, then the same rows sorted by user.
      [
        `filter / sort ${FILTER_ROWS.toLocaleString('en')} rows`,
        `${figures.filter.ms} / ${figures.filter.sortMs} ms (${filter.matched as number} matched; first query ${figures.filter.firstQueryMs} ms)`,
        `< ${TARGETS.filterMs} ms`,
        Math.max(filter.ms, filter.sortMs as number) < TARGETS.filterMs,
      ],
      viewsCheck(figures.views),
      ['associations for 2,500 users', `${associations} requests`, `= ${batchMinimum}`, associations === batchMinimum],
      rateLimited.check,
    ];
    if (!checks.every((c) => c[3])) process.exitCode = 1;
    if (json) {
      process.stdout.write(`${JSON.stringify({ ...figures, pass: checks.every((c) => c[3]) }, null, 2)}\n`);
    } else {
      const w = [30, 44, 18];
      const line = (cells: string[]) => cells.map((c, i) => c.padEnd(w[i] ?? 0)).join('  ');
      process.stdout.write(`\n${line(['figure', 'measured', 'target'])}  ok\n`);
      for (const [name, measured, target, ok] of checks)
        process.stdout.write(`${line([name, measured, target])}  ${ok ? 'yes' : 'NO'}\n`);
      process.stdout.write(
        `\nfull sync: ${JSON.stringify(full.summary)}; phases (ms): ${JSON.stringify(full.phases)}\n`,
      );
      process.stdout.write(
        `floor runs (ms): ${floors.map((r) => Math.round(r.ms)).join(', ')}; full sync runs (ms): ${fulls.map((r) => Math.round(r.ms)).join(', ')}\n`,
      );
      // The block figure is the worst of four syncs: which one, and how far the others were from it.
      const block = (r: Result) => `${String(r.maxBlockMs)} (p99 ${String(r.p99BlockMs)})`;
      process.stdout.write(
        `longest block per full sync (ms): first ${block(first)}; repeats ${fulls.map(block).join(', ')}\n`,
      );
      process.stdout.write(
        `first pages, wall (longest block), ms: ${Object.entries(figures.views)
          .map(([view, v]) => `${view} ${v.ms} (${v.maxBlockMs})`)
          .join(', ')}; every deployment row as CSV ${figures.csvExport.ms} (${figures.csvExport.maxBlockMs})\n`,
      );
      const rowsFig = figures.withRows;
      process.stdout.write(
        `with ${rowsFig.rows.toLocaleString('en')} deployment rows, wall (longest block), ms: open ${rowsFig.openMs} (${rowsFig.openBlockMs}), first page of apps ${rowsFig.firstAppsMs} (${rowsFig.firstAppsBlockMs}), a change of the schedule ${rowsFig.changeMs} (${rowsFig.changeBlockMs}), a deployment of 2,500 users ${rowsFig.deployMs} (${rowsFig.deployBlockMs}; ${rowsFig.deployPeakMb} MB; ${rowsFig.partsOnDisk} rows' parts on disk after it)\n`,
      );
      // Two cores: when the three of them need more than two cores' worth, the wall time is bound by CPU.
      const cpu = (r: Result) => {
        const t = r.threads as ThreadCpu | null;
        const split = t
          ? `: main thread ${t.mainMs}, sync's worker ${t.startedMs}, V8/libuv helpers ${t.helpersMs}`
          : '';
        return `${String(r.cpuMs)} ms${split}; ${String(r.pageFaults)} page faults; Apple's stand-in ${String(r.standInCpuMs)} ms`;
      };
      process.stdout.write(`CPU, best runs: full sync ${cpu(full)}; floor ${cpu(floor)}\n`);
      const touch = touchCost();
      process.stdout.write(
        `this machine: the first touch of fresh memory (a page fault per 4 KB) ${touch.firstMsPerMb.toFixed(2)} ms per MB, ` +
          `touching it again ${touch.againMsPerMb.toFixed(2)} ms per MB; the best repeat sync's process touched ` +
          `${Math.round((Number(full.pageFaults) * 4) / 1024)} MB fresh, the floor's ${Math.round((Number(floor.pageFaults) * 4) / 1024)} MB\n`,
      );
      const leastCache = best(cacheFloors);
      process.stdout.write(
        `least cache (the floor's loop, bodies parsed and appended as they are by a worker; best of 3): ` +
          `${Math.round(leastCache.ms)} ms = ${(leastCache.ms / floor.ms).toFixed(2)}x floor; CPU ${cpu(leastCache)}\n`,
      );
      const fetchFloor = best(fetchFloors);
      process.stdout.write(
        `floor with Node's fetch (the floor of the stops before the app sent with undici's request; best of 3): ` +
          `${Math.round(fetchFloor.ms)} ms; the best repeat sync is ${(full.ms / fetchFloor.ms).toFixed(2)}x it, ` +
          `the first ${(first.ms / fetchFloor.ms).toFixed(2)}x; CPU ${cpu(fetchFloor)}\n`,
      );
      process.stdout.write(
        `incremental peak ${incremental.maxRssMb} MB; deploy of 2,500 users ${figures.deploy.ms} ms; ` +
          `incremental after it, phases (ms): ${JSON.stringify(changed.phases)}\n`,
      );
    }
  } finally {
    await sim.close();
    await fs.rm(home, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
