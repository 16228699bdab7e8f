// Per-collection versionIds and the change log behind sinceVersionId.
// Apple: "The server generates a new versionId for an endpoint whenever the
// system modifies any underlying data for that endpoint", and a client may
// later ask for records modified since any versionId it was given.
import { randomUUID } from 'node:crypto';

export class VersionTrack<T> {
  /** Monotonic write counter; seq 0 is the seeded state. */
  seq = 0;
  current: string = randomUUID();
  private readonly ids = new Map<string, number>([[this.current, 0]]);
  // Parallel arrays keep the log lean: one number and one reference per change.
  private readonly logSeq: number[] = [];
  private readonly logRec: T[] = [];
  private dirty = false;

  constructor(private readonly keepLog: boolean) {}

  /** Records a change inside the current write; committed by `commit()`. */
  touch(rec?: T): void {
    this.dirty = true;
    if (this.keepLog && rec !== undefined) {
      this.logSeq.push(this.seq + 1);
      this.logRec.push(rec);
    }
  }

  /** Ends a write: one new versionId however many records changed. */
  commit(): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.seq++;
    this.current = randomUUID();
    this.ids.set(this.current, this.seq);
  }

  /** The seq a versionId stood for, or undefined when this collection never issued it (9721). */
  seqOf(versionId: string): number | undefined {
    return this.ids.get(versionId);
  }

  /** Distinct records changed after `seq`, in order of their latest change. */
  changedSince(seq: number): T[] {
    let lo = 0;
    let hi = this.logSeq.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.logSeq[mid] ?? 0) <= seq) lo = mid + 1;
      else hi = mid;
    }
    const seen = new Set<T>();
    for (let i = this.logRec.length - 1; i >= lo; i--) {
      const rec = this.logRec[i] as T;
      seen.add(rec);
    }
    return [...seen].reverse();
  }
}
