/**
 * The sync's worker thread gives way to the thread that answers the window.
 * On a machine with few cores the two, V8's helpers and everything else the
 * admin runs take turns: measured on 2 cores at a million assignments, the
 * window's thread waited behind the worker often enough that its longest
 * stall during a full sync fell from 56-83 ms to 33-69 ms with the worker at a
 * lower priority, and the sync itself got faster (the thread that keeps
 * Apple's requests in flight no longer waits for a core).
 *
 * Linux only: there a thread id names that thread alone to setpriority. On
 * macOS and Windows the same call would lower the whole process, the window's
 * thread with it, so nothing is done there.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** A nice value: the worker still gets a fair share of an idle core, it just comes second. */
export const WORKER_NICE = 10;

/** Lowers the calling thread's priority; false when it could not (another OS, or a sandbox that refuses). */
export function lowerThreadPriority(platform: NodeJS.Platform = process.platform): boolean {
  if (platform !== 'linux') return false;
  try {
    // /proc/thread-self is "<pid>/task/<tid>": the calling thread's own id.
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    // The main thread's id is the process id: lowering it would slow the window itself.
    if (!Number.isSafeInteger(tid) || tid <= 0 || tid === process.pid) return false;
    setPriority(tid, WORKER_NICE);
    return true;
  } catch {
    return false;
  }
}
