/**
 * Counts turns of the event loop while work runs: a callback that schedules itself with setImmediate. Work done
 * in one call lets it run once at most; work that yields between slices lets it run at each yield.
 */
export function startTicker(): { stop(): number } {
  let ticks = 0;
  let ticking = true;
  const tick = (): void => {
    ticks++;
    if (ticking) setImmediate(tick);
  };
  setImmediate(tick);
  return {
    stop: () => {
      ticking = false;
      return ticks;
    },
  };
}
