// A page read from Apple's reply body in the sync's worker reads exactly as the client reads it on its own thread.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GetAssignmentsResponseSchema, GetUsersResponseSchema } from '../../../../electron/core/apple';
import { encodeAssignment, encodeUser } from '../../../../electron/core/sync/convert';
import { readRawPage } from '../../../../electron/core/sync/raw-page';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../../fixtures/apple/${name}.json`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
const body = (value: unknown) =>
  new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value)).buffer;

describe('readRawPage', () => {
  it("keeps Apple's example pages' rows encoded as the client's map does, and gives back every other field", () => {
    const users = fixture('get-users');
    const read = readRawPage('users', body(users));
    expect(read.rows).toEqual(GetUsersResponseSchema.parse(users).users.map(encodeUser));
    expect(read.offloaded).toEqual({ json: { ...users, users: [] } });

    const assignments = fixture('get-assignments');
    const readA = readRawPage('assignments', body(assignments));
    const rowsA = GetAssignmentsResponseSchema.parse(assignments).assignments;
    expect(readA.rows).toEqual(rowsA.map(encodeAssignment));
    // Each row's asset as read, for the part's per-asset counts: no row's text is cut again to find it.
    expect(readA.assets).toEqual(rowsA.flatMap((a) => [a.adamId, a.pricingParam]));
    expect(readA.offloaded).toEqual({ json: { ...assignments, assignments: [] } });
    // Non-ASCII survives the bytes: a name is decoded as UTF-8.
    const named = { ...users, users: [{ ...(users.users as object[])[0], email: 'zoë.李@example.com' }] };
    expect(readRawPage('users', body(named)).rows?.[0]).toContain('zoë.李@example.com');
  });

  it('gives back as text, keeping no row: an error inside HTTP 200, a body cut short, a row the schema refuses', () => {
    const users = fixture('get-users');
    const cases = [
      JSON.stringify({ errorNumber: 9646, errorMessage: 'Too many requests.' }),
      JSON.stringify(users).slice(0, 120),
      JSON.stringify({ ...users, users: [{ clientUserId: 5 }] }),
      JSON.stringify({ ...users, versionId: undefined }),
      '[]',
      '',
    ];
    for (const text of cases) expect(readRawPage('users', body(text))).toEqual({ rows: null, offloaded: { text } });
    // The wrong collection's page does not pass as this one.
    const assignments = JSON.stringify(fixture('get-assignments'));
    expect(readRawPage('users', body(assignments)).rows).toBeNull();
  });
});
