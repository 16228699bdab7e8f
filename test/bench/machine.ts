/**
 * What this machine charges for fresh memory. The first write to a page the process has not touched yet is a
 * page fault; on this build machine (a virtual machine) one costs ~16 µs, ~4 ms per MB, against well under
 * 1 ms per MB on a desktop. A sync that grows its process by 200 MB pays it 50,000 times, and a million-element
 * array allocated at once (8 MB) holds its thread ~35 ms here for that alone: the bench prints it beside the
 * figures it colours.
 */
import { performance } from 'node:perf_hooks';

export interface TouchCost {
  /** Writing memory just allocated (mapped, never touched), ms per MB. */
  firstMsPerMb: number;
  /** Writing it again, ms per MB. */
  againMsPerMb: number;
}

export function touchCost(mb = 64): TouchCost {
  // Zero-filled and large: the allocator maps fresh pages and leaves them untouched until written.
  const buf = Buffer.alloc(mb * 1024 * 1024);
  let started = performance.now();
  buf.fill(1);
  const first = performance.now() - started;
  started = performance.now();
  buf.fill(2);
  const again = performance.now() - started;
  return { firstMsPerMb: first / mb, againMsPerMb: again / mb };
}
