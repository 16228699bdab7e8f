/**
 * An array filled in order to a length known roughly in advance (a part file's rows, from its size).
 * Pushed one by one, an array of a million rows grows by copying itself into a larger one, and the last
 * copy (near 870,000 rows) held the thread 40-75 ms at once on the build machine. Made at its estimated
 * length the array is allocated once and never copied (that allocation is still ~35 ms for a million rows
 * there: the machine's first touch of fresh memory costs ~4 ms per MB); past the estimate it grows as push
 * does, and `done()` trims what was not used (in place).
 */
export class Filling<T> {
  private readonly items: T[];
  private n = 0;

  constructor(estimate: number) {
    this.items = new Array<T>(Math.max(0, Math.ceil(estimate)));
  }

  add(item: T): void {
    this.items[this.n++] = item;
  }

  get length(): number {
    return this.n;
  }

  /** The items added, in order; the Filling is not used after. */
  done(): T[] {
    this.items.length = this.n;
    return this.items;
  }
}
