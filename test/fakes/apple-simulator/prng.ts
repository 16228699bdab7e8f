// Small deterministic PRNG: the same seed must give the same organisation on
// every machine, so tests and benchmarks can name concrete records.

export interface Rng {
  /** Float in [0, 1). */
  next(): number;
  /** Integer in [min, max] inclusive. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  /** Lower-case hex string of `len` characters. */
  hex(len: number): string;
  /** Characters from `alphabet`. */
  chars(len: number, alphabet: string): string;
}

/** mulberry32: fast, 32-bit state, good enough for test data. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  // Built from char codes in one go: `+=` in a loop leaves V8 cons-strings
  // (ropes) that cost ~1 KB each, which adds up over 100k users.
  const chars = (len: number, alphabet: string): string => {
    const codes = new Array<number>(len);
    for (let i = 0; i < len; i++) codes[i] = alphabet.charCodeAt(Math.floor(next() * alphabet.length));
    return String.fromCharCode(...codes);
  };
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
    chance: (p) => next() < p,
    hex: (len) => chars(len, '0123456789abcdef'),
    chars,
  };
}

/** Mixes a string into a seed, so each location gets its own stream. */
export function seedFrom(seed: number, salt: string): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < salt.length; i++) {
    h = Math.imul(h ^ salt.charCodeAt(i), 0x01000193) >>> 0;
  }
  return h;
}
