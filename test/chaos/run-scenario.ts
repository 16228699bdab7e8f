/**
 * Plays one chaos scenario against a fresh simulator and data folder, then
 * checks the license guarantees. Returns what was broken (empty when none)
 * and what happened, for the printed figures.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import { call, createCore, type Core } from '../../electron/core/app';
import { connectTimeoutFetch } from '../../electron/core/apple';
import { systemClock } from '../../electron/core/base';
import { Store, type CacheData } from '../../electron/core/cache';
import { KeytarVault, MemoryVault, type Vault } from '../../electron/core/token';
import { startSimulator, type Simulator } from '../fakes/apple-simulator';
import { CLI } from '../helpers/cli';
import { freshApp, holders, usersWithout } from '../helpers/org';
import { overAssignments } from '../helpers/over-assign';
import { tempDir } from '../helpers/tmp';
import { killable, newLife, within, type Life } from './kill-switch';
import { POOL, type Scenario, type Step } from './scenario';
import type { Channel, RequestOf, ResultOf } from '../../shared/contract';

const ADAM_ID = '990000001';
/** How long the final resume and sync may take to close every journal entry. */
const SETTLE_MS = 30_000;

export interface RunReport {
  violations: string[];
  kills: number;
  cliKills: number;
  errors: number;
  associateRequests: number;
}

let runs = 0;
const folders: string[] = [];

/** Removes the data folders of the runs that broke nothing. */
export async function removeFolders(): Promise<void> {
  for (const home of folders.splice(0)) await fs.rm(home, { recursive: true, force: true });
}

/** What every core sends with: the client's own send, stopped where a kill falls. */
const send = killable(connectTimeoutFetch(5_000));

/** One VPP Desk "process": a core living inside its own kill switch. */
class Host {
  life: Life = newLife();
  core!: Core;
  restarts = 0;

  constructor(
    private readonly home: string,
    private readonly apiUrl: string,
    private readonly service: string,
    private readonly vault: Vault,
  ) {}

  /** Starts like the app does: scheduler, probe, and resume of whatever a crash left. */
  async open(): Promise<void> {
    this.life = newLife();
    this.core = await within(this.life, () =>
      createCore({
        config: { dataDir: this.home, apiUrl: this.apiUrl, keychainService: this.service },
        transport: 'preview',
        vault: this.vault,
        version: '0.0.0-chaos',
        pollIntervalMs: 20,
        fetch: send,
        // Events take at most 40 ms here: a write whose answer a kill lost is read back for 2 s, not 30.
        settleMs: 2000,
      }),
    );
    await within(this.life, () => this.core.start());
  }

  call<C extends Channel>(channel: C, req: RequestOf<C>): Promise<ResultOf<C>> {
    return within(this.life, () => call(this.core.handlers, channel, req));
  }

  /** Runs an operation that may be killed; after a kill the process restarts on the same folder. */
  async act(kill: { request: number; phase: 'before-send' | 'answer-lost' } | null, op: () => Promise<unknown>) {
    const life = this.life;
    life.killAt = kill === null ? null : { request: life.requests + kill.request, phase: kill.phase };
    const done = within(life, op).then(
      () => 'done' as const,
      () => 'error' as const,
    );
    const outcome = await Promise.race([done, life.died.then(() => 'killed' as const)]);
    if (life.dead) {
      this.restarts++;
      await this.open();
      return 'killed' as const;
    }
    life.killAt = null;
    return outcome;
  }

  /** The process dies where it stands (its pending work never finishes). */
  die(): void {
    this.life.kill();
  }
}

async function readCache(home: string): Promise<CacheData> {
  const store = await Store.open(home, systemClock);
  return store.data;
}

const open = (d: CacheData) =>
  d.journal.filter((j) => j.status === 'prepared' || j.status === 'sent').length +
  d.deployments.filter((r) => r.state === 'assigning' || r.state === 'reclaiming').length;

/** Waits (checking at every change the core reports, and now and then) until nothing is in flight. */
async function settled(host: Host, home: string): Promise<boolean> {
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    if (open(await readCache(home)) === 0) return true;
    if (Date.now() > deadline) return false;
    await new Promise<void>((resolve) => {
      const off = host.core.events.on('state:changed', () => {
        off();
        clearTimeout(timer);
        resolve();
      });
      // Resume reports its end too, but a check every 250 ms does not depend on it.
      const timer = setTimeout(() => {
        off();
        resolve();
      }, 250);
    });
  }
}

/** A real `vpp-desk deploy` child, SIGKILLed at the moment the simulator holds its request. */
async function cliKilled(
  sim: Simulator,
  env: Record<string, string>,
  step: Extract<Step, { op: 'cli-kill' }>,
  ids: string[],
) {
  const armed = { on: true };
  const holding = sim.hold({ path: step.path, phase: step.phase, when: () => armed.on });
  const child = spawn(process.execPath, [CLI, 'deploy', ADAM_ID, '--users', ids.join(','), '--action', 'required'], {
    env: { ...process.env, ...env },
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const first = await Promise.race([holding.then((held) => ({ held })), exited.then(() => null)]);
  armed.on = false;
  if (first === null) return false;
  child.kill('SIGKILL');
  await exited;
  await first.held.clientGone;
  first.held.release();
  return true;
}

export async function runScenario(s: Scenario): Promise<RunReport> {
  const report: RunReport = { violations: [], kills: 0, cliKills: 0, errors: 0, associateRequests: 0 };
  const sim = await startSimulator({
    seed: s.orgSeed,
    apps: 2,
    users: 60,
    assignments: 5,
    eventDelayMs: s.eventDelayMs,
  });
  const home = await tempDir('vpp-desk-chaos-');
  const service = `vpp-desk-chaos-${process.pid}-${++runs}`;
  const withCli = s.steps.some((st) => st.op === 'cli-kill');
  const vault: Vault = withCli ? new KeytarVault(service) : new MemoryVault();
  const host = new Host(home, sim.url, service, vault);
  try {
    freshApp(sim, s.licenses, ADAM_ID);
    const pool = [
      ...usersWithout(sim, ADAM_ID, 'Associated', POOL.accepted),
      ...usersWithout(sim, ADAM_ID, 'Registered', POOL.pending),
    ];
    const idsOf = (ix: number[]) => ix.map((i) => pool[i] as string);
    await host.open();
    await host.call('token:import', {
      fileContent: sim.issueToken(),
      appleId: 'chaos@example.edu',
      acceptAccountLock: true,
    });
    await host.call('sync:now', { full: true });

    for (const step of s.steps) {
      let outcome: 'done' | 'error' | 'killed' = 'done';
      switch (step.op) {
        case 'deploy':
        case 'uninstall':
          outcome = await host.act(step.kill, () =>
            host.call('deploy:run', {
              adamId: ADAM_ID,
              clientUserIds: idsOf(step.users),
              action: step.op === 'deploy' ? 'required' : 'uninstall',
            }),
          );
          break;
        case 'sync':
          outcome = await host.act(step.kill, () => host.call('sync:now', { full: step.full }));
          break;
        case 'retire':
          outcome = await host.act(step.kill, () => host.call('retire:run', { clientUserIds: idsOf([step.user]) }));
          break;
        case 'accept':
          // A retired user can no longer accept anything.
          if (sim.user(pool[step.user] as string)?.status === 'Registered') sim.acceptTerms(pool[step.user] as string);
          break;
        case 'buy':
          sim.buyLicenses(ADAM_ID, 'STDQ', step.count);
          break;
        case 'fault':
          sim.faults.set(step.fault);
          break;
        case 'cli-kill': {
          // The app is closed while the CLI runs, and started again after the CLI was killed.
          host.die();
          const env = { VPP_DESK_HOME: home, VPP_DESK_API_URL: sim.url, VPP_DESK_KEYCHAIN_SERVICE: service };
          if (await cliKilled(sim, env, step, idsOf(step.users))) report.cliKills++;
          await host.open();
          break;
        }
      }
      if (outcome === 'killed') report.kills++;
      if (outcome === 'error') report.errors++;
    }

    // The end of the day: Apple recovers, the app is restarted, resumes and syncs.
    sim.faults.clear();
    host.die();
    await host.open();
    if (!(await settled(host, home))) report.violations.push('resume did not close the journal within 30 s');
    try {
      // Incremental: the cache's assignments must then come out as Apple's from the delta and the per-app counts.
      await host.call('sync:now', { full: false });
    } catch (err) {
      report.violations.push(`final sync failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    // A sync re-evaluates waiting rows, which may start new writes: those must finish too.
    if (!(await settled(host, home))) report.violations.push('writes after the final sync still open after 30 s');
    host.die();
    report.violations.push(...(await check(sim, home)));
    report.associateRequests = sim.associations.length;
  } catch (err) {
    report.violations.push(`run aborted: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  } finally {
    host.die();
    await sim.close();
    if (withCli) await vault.clear().catch(() => undefined);
    // Removed at the end of the session (removeFolders), not now: work a kill froze between two
    // awaits may still touch the folder, as a dying process's last write would.
    if (report.violations.length === 0) folders.push(home);
    else report.violations.push(`data folder kept: ${home}`);
  }
  return report;
}

/** The invariants: never over-asked, rows match Apple, journal closed, cache opens. */
async function check(sim: Simulator, home: string): Promise<string[]> {
  const out: string[] = [];
  for (const o of overAssignments(sim.associations))
    out.push(`over-assignment: asked ${o.sent} with ${o.inFlight} in flight, ${o.availableCount} free (${o.eventId})`);
  const store = await Store.open(home, systemClock).catch((err: unknown) => err);
  if (!(store instanceof Store)) return [...out, `the cache does not open: ${String(store)}`];
  for (const n of store.notices) out.push(`cache notice on open: ${n.message}`);
  const d = store.data;
  for (const j of d.journal)
    if (j.status === 'prepared' || j.status === 'sent') out.push(`journal entry ${j.id} (${j.kind}) left ${j.status}`);
  const held = new Set(holders(sim, ADAM_ID));
  const rows = d.deployments.filter((r) => r.adamId === ADAM_ID);
  for (const r of rows) {
    // A failed Uninstall says "could not be reclaimed": true only while Apple still holds the license (the sync
    // sets such a row reclaimed once Apple no longer does, e.g. after an answer it misreported).
    if (r.action === 'uninstall' && r.state === 'failed') {
      if (!held.has(r.clientUserId))
        out.push(`row ${r.clientUserId} says its Uninstall failed, but Apple holds no license`);
      continue;
    }
    const says = r.state === 'assigned';
    if (says !== held.has(r.clientUserId))
      out.push(
        `row ${r.clientUserId} is ${r.state} (${r.reason ?? '-'}) but Apple ${held.has(r.clientUserId) ? 'holds' : 'does not hold'} a license`,
      );
  }
  const withRow = new Set(rows.map((r) => r.clientUserId));
  for (const id of held) if (!withRow.has(id)) out.push(`Apple holds a license for ${id}, which has no deployment row`);
  const key = (a: {
    adamId: string;
    pricingParam: string;
    clientUserId?: string | null;
    serialNumber?: string | null;
  }) => `${a.adamId}|${a.pricingParam}|${a.clientUserId ?? ''}|${a.serialNumber ?? ''}`;
  const apple = new Set(
    [...new Set(sim.listAssets().map((a) => a.adamId))].flatMap((id) => sim.assignmentsFor(id).map(key)),
  );
  const cached = new Set(d.assignments.map(key));
  for (const k of apple) if (!cached.has(k)) out.push(`the cache lacks Apple's assignment ${k}`);
  for (const k of cached) if (!apple.has(k)) out.push(`the cache holds an assignment Apple does not: ${k}`);
  return out;
}
