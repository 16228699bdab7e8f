/**
 * Run-out forecasts from the last 30 days' pace: pure, so the words an
 * admin reads are unit-tested. Too little history says so rather than
 * guessing from one or two syncs.
 */
import { pointAt, secondsOf, type Point } from './history';
import type { Forecast } from '../../../shared/insight';

export const WINDOW_DAYS = 30;
export const MIN_HISTORY_DAYS = 7;
export const HORIZON_DAYS = 90;
const DAY_S = 86_400;

export function forecast(points: readonly Point[], now: Date): Forecast {
  const base = { horizonDays: HORIZON_DAYS };
  const last = points[points.length - 1];
  const first = points[0];
  const t = secondsOf(now);
  const knownDays = first ? (t - first[0]) / DAY_S : 0;
  if (!last || !first || knownDays < MIN_HISTORY_DAYS) {
    const has = Math.max(0, Math.floor(knownDays));
    return {
      ...base,
      trend: 'unknown',
      perDay: null,
      runsOutInDays: null,
      buyToLast: null,
      runOutWords: `Too little history to tell (needs ${MIN_HISTORY_DAYS} days of syncs, has ${has})`,
      buyWords: 'Too little history to tell how many to buy',
    };
  }
  const start = t - WINDOW_DAYS * DAY_S;
  const from = pointAt(points, start) ?? first;
  const fromT = Math.max(start, first[0]);
  const perDay = (last[2] - from[2]) / ((t - fromT) / DAY_S);
  const pace = Math.round(perDay * 100) / 100;
  const available = last[3];
  const need = Math.max(0, Math.ceil(Math.max(0, perDay) * HORIZON_DAYS - available));
  const buyWords = need > 0 ? `Buy ${need} more to last ${HORIZON_DAYS} days` : `Enough for ${HORIZON_DAYS} days`;
  if (available <= 0) {
    return {
      ...base,
      trend: 'out',
      perDay: pace,
      runsOutInDays: 0,
      buyToLast: need,
      runOutWords: 'Out of licenses now',
      buyWords,
    };
  }
  if (perDay <= 0) {
    return {
      ...base,
      trend: 'stable',
      perDay: pace,
      runsOutInDays: null,
      buyToLast: 0,
      runOutWords: `Stable: no net use in the last ${WINDOW_DAYS} days`,
      buyWords,
    };
  }
  const days = Math.floor(available / perDay);
  return {
    ...base,
    trend: 'depleting',
    perDay: pace,
    runsOutInDays: days,
    buyToLast: need,
    runOutWords: days === 0 ? 'Runs out within a day' : `Runs out in about ${days} ${days === 1 ? 'day' : 'days'}`,
    buyWords,
  };
}
