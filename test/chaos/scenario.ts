/**
 * What one chaos run does, as data fast-check generates (and prints when a
 * run breaks an invariant): the organisation's starting licenses, then steps
 * the admin (deploy, uninstall, sync, retire), Apple's people (terms
 * accepted, licenses bought) and the world (faults, kills) take in turn.
 */
import fc from 'fast-check';
import type { Fault, HoldPhase } from '../fakes/apple-simulator';
import type { KillPhase } from './kill-switch';

/** Users 0..5 have accepted Apple's terms, 6..9 have not. */
export const POOL = { accepted: 6, pending: 4 } as const;
const POOL_SIZE = POOL.accepted + POOL.pending;

/** Kill the in-process core at its n-th request from the start of the step. */
export interface Kill {
  request: number;
  phase: KillPhase;
}

export type Step =
  | { op: 'deploy'; users: number[]; kill: Kill | null }
  | { op: 'uninstall'; users: number[]; kill: Kill | null }
  | { op: 'sync'; full: boolean; kill: Kill | null }
  | { op: 'retire'; user: number; kill: Kill | null }
  | { op: 'accept'; user: number }
  | { op: 'buy'; count: number }
  | { op: 'fault'; fault: Fault }
  /** A real CLI child deploying, SIGKILLed when the simulator holds its request at the named moment. */
  | { op: 'cli-kill'; users: number[]; path: '/assets/associate' | '/status' | '/users'; phase: HoldPhase };

export interface Scenario {
  /** The simulator's organisation. */
  orgSeed: number;
  licenses: number;
  eventDelayMs: number;
  steps: Step[];
}

const user = fc.integer({ min: 0, max: POOL_SIZE - 1 });
const users = fc.uniqueArray(user, { minLength: 1, maxLength: 6 });
const kill: fc.Arbitrary<Kill | null> = fc.option(
  fc.record({
    request: fc.integer({ min: 1, max: 10 }),
    phase: fc.constantFrom<KillPhase>('before-send', 'answer-lost'),
  }),
  { freq: 2 },
);
const match = fc.constantFrom(
  undefined,
  '/assets/associate',
  '/assets/disassociate',
  '/status',
  '/users',
  '/assignments',
);

/** Apple's worst days; Retry-After 0 keeps a run fast while still going through the retry path. */
const fault: fc.Arbitrary<Fault> = fc
  .oneof(
    fc.record({
      kind: fc.constant('rate-limit' as const),
      retryAfter: fc.constant(0),
      count: fc.integer({ min: 1, max: 3 }),
    }),
    fc.record({
      kind: fc.constant('server-error' as const),
      status: fc.constantFrom(500, 502, 503),
      retryAfter: fc.constant(0),
      count: fc.integer({ min: 1, max: 3 }),
    }),
    fc.record({ kind: fc.constant('drop' as const), count: fc.integer({ min: 1, max: 2 }) }),
    fc.record({ kind: fc.constant('truncate' as const) }),
    fc.record({ kind: fc.constant('error-200' as const), errorNumber: fc.constantFrom(9603, 9646) }),
    fc.record({ kind: fc.constant('echo-auth' as const), in: fc.constantFrom<'body' | 'event'>('body', 'event') }),
  )
  .chain((f) => match.map((m): Fault => (m === undefined ? f : { ...f, match: m })));

function step(cliKills: boolean): fc.Arbitrary<Step> {
  const steps: Array<fc.Arbitrary<Step>> = [
    fc.record({ op: fc.constant('deploy' as const), users, kill }),
    fc.record({ op: fc.constant('uninstall' as const), users, kill }),
    fc.record({ op: fc.constant('sync' as const), full: fc.boolean(), kill }),
    fc.record({ op: fc.constant('retire' as const), user, kill }),
    fc.record({ op: fc.constant('accept' as const), user: fc.integer({ min: POOL.accepted, max: POOL_SIZE - 1 }) }),
    fc.record({ op: fc.constant('buy' as const), count: fc.integer({ min: 1, max: 3 }) }),
    fc.record({ op: fc.constant('fault' as const), fault }),
  ];
  if (cliKills)
    steps.push(
      fc.record({
        op: fc.constant('cli-kill' as const),
        users,
        path: fc.constantFrom('/assets/associate' as const, '/status' as const, '/users' as const),
        phase: fc.constantFrom<HoldPhase>('received', 'answered'),
      }),
    );
  return fc.oneof(...steps);
}

export function scenario(opts: { cliKills: boolean }): fc.Arbitrary<Scenario> {
  return fc.record({
    orgSeed: fc.integer({ min: 1, max: 1_000_000 }),
    licenses: fc.integer({ min: 1, max: 4 }),
    eventDelayMs: fc.integer({ min: 0, max: 40 }),
    steps: fc.array(step(opts.cliKills), { minLength: 3, maxLength: 9 }),
  });
}
