/**
 * A users or assignments page read from Apple's reply body where its rows
 * are kept (the sync's worker thread), exactly as the client would read it:
 * the same schema, the same conversion as the walk's `map`. The thread that
 * answers the window then only reads the page's own fields (paging,
 * mdmInfo) from what is left once the rows are taken out.
 *
 * Anything that is not a clean page (an error inside HTTP 200, a body cut
 * short, a row the schema refuses) goes back as text, so the client reads
 * and reports it exactly as it reads any reply: one place words failures.
 */
import { GetAssignmentsResponseSchema, GetUsersResponseSchema, type Offloaded } from '../apple';
import { encodeAssignment, encodeUser } from './convert';
import type { JobCollection } from './part-job';

/** `rows` (encoded as the part holds them) when the page was clean; null when it goes back as text. */
export interface RawPage {
  rows: string[] | null;
  /** Assignments: each row's adamId and pricingParam in turn, as read (PartStream.append counts them). */
  assets?: string[];
  offloaded: Offloaded;
}

const decoder = new TextDecoder();

export function readRawPage(collection: JobCollection, body: ArrayBuffer): RawPage {
  const text = decoder.decode(body);
  const asText: RawPage = { rows: null, offloaded: { text } };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return asText;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json) || 'errorNumber' in json) return asText;
  const read = collection === 'users' ? usersOf(json) : assignmentsOf(json);
  if (!read) return asText;
  // Every field but the rows, for the client to read as it reads any reply.
  const rest: Record<string, unknown> = { ...json, [collection]: [] };
  return { ...read, offloaded: { json: rest } };
}

function usersOf(json: object): Pick<RawPage, 'rows'> | null {
  const parsed = GetUsersResponseSchema.safeParse(json);
  return parsed.success ? { rows: parsed.data.users.map(encodeUser) } : null;
}

function assignmentsOf(json: object): Pick<RawPage, 'rows' | 'assets'> | null {
  const parsed = GetAssignmentsResponseSchema.safeParse(json);
  if (!parsed.success) return null;
  const rows: string[] = [];
  const assets: string[] = [];
  for (const a of parsed.data.assignments) {
    rows.push(encodeAssignment(a));
    assets.push(a.adamId, a.pricingParam);
  }
  return { rows, assets };
}
