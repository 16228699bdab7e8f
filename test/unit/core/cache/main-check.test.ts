// The main file's hand-written shape gate (file-schema.ts) says what the zod schema it replaced says: the
// same first field, so the same sentence, for every odd value at every field and for random JSON anywhere.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { mainFileProblem } from '../../../../electron/core/cache/file-schema';
import { tokenMeta } from '../../../helpers/cache';

/** The zod schema the check replaced (the fields but the long lists), kept here as the reference. */
const str = z.string();
const nstr = z.string().nullable();
const Reference = z.looseObject({
  schemaVersion: z.number(),
  token: z
    .looseObject({
      label: str,
      appleId: str,
      orgName: str,
      locationName: str,
      countryCode: nstr,
      uId: str,
      expiresAt: str,
      lastUpdatedAt: str,
      appleState: str,
      remindersSent: z.array(z.number()).optional(),
    })
    .nullable(),
  account: z.looseObject({ uId: str, locationName: str, orgName: str, boundAt: str }).nullable(),
  service: z.looseObject({ limits: z.record(str, z.number()), fetchedAt: str }).nullable(),
  sync: z.looseObject({
    lastSyncAt: nstr,
    lastAttemptAt: nstr,
    versions: z.looseObject({ assets: nstr, users: nstr, assignments: nstr }),
    history: z.array(z.looseObject({ startedAt: str, finishedAt: str, ok: z.boolean(), error: nstr })),
    paused: nstr,
    intervalHours: z.number().positive(),
  }),
  snapshotFile: nstr,
});

function reference(main: unknown): string | null {
  const result = Reference.safeParse(main);
  if (result.success) return null;
  const where = (result.error.issues[0]?.path ?? []).map(String).join('.');
  return where ? `its "${where}" is not valid` : 'it does not hold a cache object';
}

const good = (): Record<string, unknown> => ({
  schemaVersion: 1,
  token: tokenMeta({ expiresAt: '2027-01-01T00:00:00.000Z', remindersSent: [30, 7] }),
  account: { uId: 'u1', locationName: 'Main', orgName: 'School', boundAt: '2026-01-01T00:00:00.000Z' },
  service: { limits: { maxUsers: 1000, maxAssets: 25 }, fetchedAt: '2026-01-01T00:00:00.000Z' },
  sync: {
    lastSyncAt: null,
    lastAttemptAt: '2026-01-01T00:00:00.000Z',
    versions: { assets: 'a', users: null, assignments: null },
    history: [
      { startedAt: 'a', finishedAt: 'b', ok: true, error: null },
      { startedAt: 'c', finishedAt: 'd', ok: false, error: 'Apple was busy.' },
    ],
    paused: null,
    intervalHours: 12,
  },
  snapshotFile: null,
  appNames: { '1': 'Keynote' },
  deployments: [],
  journal: [],
  activity: [],
  roster: null,
  insight: { rule: { percent: 10, minLeft: 5 }, overrides: {}, alerted: [] },
});

type Path = Array<string | number>;

/** Every path to a value in a JSON-like tree, parents before children. */
function paths(value: unknown, at: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [at];
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [at, ...keys.flatMap((k) => paths((value as Record<string | number, unknown>)[k], [...at, k]))];
}

/** A copy of `root` with the value at `path` replaced (or removed, for undefined). */
function replaced(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...Path];
  if (Array.isArray(root)) return root.map((item: unknown, i) => (i === head ? replaced(item, rest, value) : item));
  const entries = Object.entries(root as object).map(([k, v]): [string, unknown] => [
    k,
    k === String(head) ? replaced(v, rest, value) : v,
  ]);
  if (!entries.some(([k]) => k === String(head))) entries.push([String(head), replaced(undefined, rest, value)]);
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined));
}

const odd: unknown[] = [null, undefined, 'x', '', 0, -1, 0.5, true, false, [], ['a'], [1], {}, { a: 1 }];

describe('mainFileProblem', () => {
  it('passes a good main file, and fields added by later versions', () => {
    expect(mainFileProblem(good())).toBeNull();
    expect(
      mainFileProblem({ ...good(), later: { any: 'thing' }, sync: { ...(good().sync as object), later: 1 } }),
    ).toBe(null);
    expect(reference(good())).toBeNull();
  });

  it('names the same first field as the zod schema for every odd value at every field', () => {
    const base = good();
    for (const path of paths(base).filter(
      (p) => !['appNames', 'deployments', 'journal', 'activity'].includes(String(p[0])),
    )) {
      for (const value of odd) {
        const main = replaced(base, path, value);
        expect(mainFileProblem(main), `${path.join('.')} = ${JSON.stringify(value)}`).toBe(reference(main));
      }
    }
  });

  it('names the same first field as the zod schema for random JSON at random places, several at once', () => {
    const base = good();
    const places = paths(base).filter(
      (p) => !['appNames', 'deployments', 'journal', 'activity'].includes(String(p[0])),
    );
    const change = fc.tuple(fc.constantFrom(...places), fc.oneof(fc.jsonValue(), fc.constant(undefined)));
    fc.assert(
      fc.property(fc.array(change, { minLength: 1, maxLength: 4 }), (changes) => {
        let main: unknown = base;
        for (const [path, value] of changes) {
          try {
            main = replaced(main, path, value);
          } catch {
            // A path under a value an earlier change replaced by a primitive: nothing to change there.
          }
        }
        expect(mainFileProblem(main)).toBe(reference(main));
      }),
      { numRuns: 2000 },
    );
  });

  it('skips a "__proto__" key in the service limits, as zod does, and checks the keys after it', () => {
    const limits = JSON.parse('{"__proto__": "x", "maxUsers": 5}') as unknown;
    const main = { ...good(), service: { limits, fetchedAt: 'now' } };
    expect(mainFileProblem(main)).toBeNull();
    expect(reference(main)).toBeNull();
    const bad = {
      ...good(),
      service: { limits: JSON.parse('{"__proto__": 1, "maxUsers": "5"}') as unknown, fetchedAt: 'now' },
    };
    expect(mainFileProblem(bad)).toBe('its "service.limits.maxUsers" is not valid');
    expect(reference(bad)).toBe('its "service.limits.maxUsers" is not valid');
  });

  it('names the first app name that is not text', () => {
    expect(mainFileProblem({ ...good(), appNames: { '1': 'Keynote', '2': 3 } })).toBe('its "appNames.2" is not valid');
    expect(mainFileProblem({ ...good(), appNames: [] })).toBe('its "appNames" is not valid');
  });
});
