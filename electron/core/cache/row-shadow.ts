/**
 * The deployment rows as their files hold them: each row object and each of
 * its cells, so the rows a change edited in place (`row.state = ...`) are
 * found by comparing (deployment-log.ts). Ten references a row, ~80 MB at a
 * million rows.
 *
 * Held in chunks of 4,096 rows, each column by name. One list per column
 * of a million entries took ~650 ms to take 2,500 rows more (V8 grows a list
 * that large a slow way), and filling lists from empty ~1.4 s; a property
 * read by a computed column name made copying ~380 ms and comparing ~80 ms
 * (by name: ~30 and ~25). A chunk's lists are 32 KB, allocated young with
 * the rows: chunks of 16,384 made lists of 128 KB, which V8 keeps apart as
 * old objects, and their references to young rows lengthened the collector's
 * young-generation pauses (the first page of deployments at 200,000 rows
 * held the thread 41-97 ms, against 43-53 ms).
 */
import type { ChangesRef } from './row-changes';
import type { CachedDeployment } from './schema';
import type { Hash } from 'node:crypto';

export type Work<R> = Generator<void, R, void>;

const BITS = 12;
const CHUNK = 1 << BITS;
const MASK = CHUNK - 1;

/** A chunk's rows and cells; a column added to the part and not here is caught by deployment-changes.test.ts. */
interface Chunk {
  objects: CachedDeployment[];
  adamId: string[];
  pricingParam: CachedDeployment['pricingParam'][];
  clientUserId: string[];
  action: CachedDeployment['action'][];
  state: CachedDeployment['state'][];
  reason: (string | null)[];
  createdAt: string[];
  updatedAt: string[];
  journalId: (string | null)[];
}

const newChunk = (): Chunk => ({
  objects: new Array<CachedDeployment>(CHUNK),
  adamId: new Array<string>(CHUNK),
  pricingParam: new Array<CachedDeployment['pricingParam']>(CHUNK),
  clientUserId: new Array<string>(CHUNK),
  action: new Array<CachedDeployment['action']>(CHUNK),
  state: new Array<CachedDeployment['state']>(CHUNK),
  reason: new Array<string | null>(CHUNK),
  createdAt: new Array<string>(CHUNK),
  updatedAt: new Array<string>(CHUNK),
  journalId: new Array<string | null>(CHUNK),
});

export class RowShadow {
  private readonly chunks: Chunk[] = [];
  /** Rows recorded. */
  length = 0;

  constructor(
    /** The list described: another list (replaced, not edited) is written whole. */
    readonly rows: CachedDeployment[],
    /** The part and the changes committed after it that these rows are. */
    readonly base: string,
    public changes: ChangesRef | null,
    /** Digest state of the changes' committed bytes: an append extends it. */
    public hash: Hash,
  ) {}

  /** Every row, a slice at a time. */
  *recordAll(): Work<void> {
    for (let i = 0; i < this.rows.length; i++) {
      this.record(i);
      if ((i & MASK) === MASK) yield;
    }
  }

  /** Row i as it is now (written to the files). */
  record(i: number): void {
    const row = this.rows[i] as CachedDeployment;
    const chunk = (this.chunks[i >> BITS] ??= newChunk());
    const j = i & MASK;
    chunk.objects[j] = row;
    chunk.adamId[j] = row.adamId;
    chunk.pricingParam[j] = row.pricingParam;
    chunk.clientUserId[j] = row.clientUserId;
    chunk.action[j] = row.action;
    chunk.state[j] = row.state;
    chunk.reason[j] = row.reason;
    chunk.createdAt[j] = row.createdAt;
    chunk.updatedAt[j] = row.updatedAt;
    chunk.journalId[j] = row.journalId;
    if (i >= this.length) this.length = i + 1;
  }

  /** Indices of rows added, replaced or edited since they were recorded, a slice at a time. */
  *changed(): Work<number[]> {
    const changed: number[] = [];
    for (let i = 0; i < this.rows.length; i++) {
      if (i >= this.length || this.differs(i)) changed.push(i);
      if ((i & MASK) === MASK) yield;
    }
    return changed;
  }

  private differs(i: number): boolean {
    const row = this.rows[i] as CachedDeployment;
    const c = this.chunks[i >> BITS] as Chunk;
    const j = i & MASK;
    return (
      row !== c.objects[j] ||
      row.state !== c.state[j] ||
      row.updatedAt !== c.updatedAt[j] ||
      row.reason !== c.reason[j] ||
      row.journalId !== c.journalId[j] ||
      row.action !== c.action[j] ||
      row.createdAt !== c.createdAt[j] ||
      row.clientUserId !== c.clientUserId[j] ||
      row.adamId !== c.adamId[j] ||
      row.pricingParam !== c.pricingParam[j]
    );
  }

  /** What the files hold of row i (recorded): its app and state, for the counts per app. */
  recorded(i: number): Pick<CachedDeployment, 'adamId' | 'pricingParam' | 'state'> {
    const c = this.chunks[i >> BITS] as Chunk;
    const j = i & MASK;
    return {
      adamId: c.adamId[j] as string,
      pricingParam: c.pricingParam[j] as CachedDeployment['pricingParam'],
      state: c.state[j] as CachedDeployment['state'],
    };
  }
}
