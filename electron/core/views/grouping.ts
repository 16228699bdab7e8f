/**
 * Rows grouped by a key, held in typed arrays: each key gets a slot, and a
 * slot's rows are a range of row indices. A Map of arrays per key (the first
 * holders' index) pushed a million references into hundreds of thousands of
 * small arrays: most of the index's ~2.5 s at a million assignments, and
 * garbage the collector then spent a long pause on.
 */
import { due, type Steps } from './steps';

export class Grouping {
  /** Key → slot. */
  private readonly slots = new Map<string, number>();
  /**
   * Each row's slot plus one (0: no key). Zero-filled as made, so its memory is first written a slice at a time
   * as rows are added: filled with -1 at once, a million rows' 4 MB held the window's thread ~40 ms on the build
   * machine, which charges that much for the first touch of fresh memory.
   */
  private readonly slotOf: Int32Array;
  private counts: number[] = [];
  /** Slot s's rows are members[starts[s]] to members[starts[s + 1] - 1], in row order. */
  private starts = new Int32Array(1);
  private members = new Int32Array(0);

  constructor(rows: number) {
    this.slotOf = new Int32Array(rows);
  }

  /** Row i has this key (called once per row with a key, in any order, before finish). */
  add(i: number, key: string): void {
    let slot = this.slots.get(key);
    if (slot === undefined) {
      slot = this.counts.length;
      this.slots.set(key, slot);
      this.counts.push(0);
    }
    this.slotOf[i] = slot + 1;
    this.counts[slot] = (this.counts[slot] as number) + 1;
  }

  /** Places the rows in their slots' ranges. */
  *finish(): Steps<void> {
    const starts = new Int32Array(this.counts.length + 1);
    for (let s = 0; s < this.counts.length; s++) starts[s + 1] = (starts[s] as number) + (this.counts[s] as number);
    const next = starts.slice(0, this.counts.length);
    const members = new Int32Array(starts[this.counts.length] as number);
    for (let i = 0; i < this.slotOf.length; i++) {
      const slot = (this.slotOf[i] as number) - 1;
      if (slot !== -1) members[(next[slot] as number)++] = i;
      if (due(i)) yield;
    }
    this.starts = starts;
    this.members = members;
    this.counts = [];
  }

  /** The indices of the rows with this key, in row order. */
  rowsOf(key: string): Int32Array {
    const slot = this.slots.get(key);
    return slot === undefined ? new Int32Array(0) : this.members.subarray(this.starts[slot], this.starts[slot + 1]);
  }

  /** Each key with how many rows have it, in the order keys were first added. */
  *sizes(): IterableIterator<[string, number]> {
    for (const [key, slot] of this.slots)
      yield [key, (this.starts[slot + 1] as number) - (this.starts[slot] as number)];
  }
}
