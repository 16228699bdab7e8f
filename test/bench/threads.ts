/**
 * CPU time per thread of this process, from Linux's /proc (empty elsewhere): the bench splits a phase's CPU
 * into the thread that answers the window, the threads started during the phase (the sync's worker) and the
 * ones that were there before it (V8's garbage-collector helpers, libuv's pool), to show where the cores went.
 */
import fs from 'node:fs';

/** Clock ticks per second of /proc's utime and stime (USER_HZ: 100 on Linux). */
const TICKS_PER_S = 100;

function threadTimes(): Map<number, number> {
  const times = new Map<number, number>();
  let tids: string[];
  try {
    tids = fs.readdirSync('/proc/self/task');
  } catch {
    return times;
  }
  for (const tid of tids) {
    try {
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      times.set(Number(tid), ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_S);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return times;
}

/**
 * The threads that are not VPP Desk's own: V8's helpers and libuv's pool (started here by a file operation).
 * Taken before the core starts, which may start the sync's worker (warmEarly) before a measure begins.
 */
let helpers: Set<number> | null = null;

export async function noteHelperThreads(): Promise<void> {
  await fs.promises.stat(process.cwd());
  helpers = new Set(threadTimes().keys());
}

export interface ThreadCpu {
  /** The process's main thread: in the app, the one that answers the window. */
  mainMs: number;
  /** Threads started since noteHelperThreads (or the measure, without it): the sync's worker. */
  startedMs: number;
  /** Threads that existed before: V8's helpers (garbage collection) and libuv's pool. */
  helpersMs: number;
}

/** Starts measuring; the returned function gives the CPU each group used since (null where /proc is absent). */
export function measureThreads(): () => ThreadCpu | null {
  const before = threadTimes();
  return () => {
    const after = threadTimes();
    if (after.size === 0) return null;
    const cpu: ThreadCpu = { mainMs: 0, startedMs: 0, helpersMs: 0 };
    for (const [tid, ms] of after) {
      const used = ms - (before.get(tid) ?? 0);
      if (tid === process.pid) cpu.mainMs += used;
      else if (helpers ? !helpers.has(tid) : !before.has(tid)) cpu.startedMs += used;
      else cpu.helpersMs += used;
    }
    return cpu;
  };
}
