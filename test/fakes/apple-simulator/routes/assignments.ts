// GET /assignments: adamId, clientUserId, serialNumber filters served from
// indexes; sinceVersionId returns assignments made since that version.
import { ApiError } from '../errors';
import { paginate } from '../paging';
import { assignmentJson } from '../views';
import type { AssignmentRec } from '../store';
import type { AuthedCtx } from './context';

export function getAssignments(c: AuthedCtx): Record<string, unknown> {
  const q = c.ex.query;
  const store = c.loc.store;
  const track = store.versions.assignments;
  const key = `assignments|${track.seq}|${q.sinceVersionId ?? ''}|${q.adamId ?? ''}|${q.clientUserId ?? ''}|${q.serialNumber ?? ''}`;

  let since: number | undefined;
  if (q.sinceVersionId !== undefined) {
    since = track.seqOf(q.sinceVersionId);
    if (since === undefined) throw new ApiError(9721);
  }
  const keep = (a: AssignmentRec): boolean =>
    !a.removed &&
    (q.adamId === undefined || a.adamId === q.adamId) &&
    (q.clientUserId === undefined || a.clientUserId === q.clientUserId) &&
    (q.serialNumber === undefined || a.serialNumber === q.serialNumber);

  let list: readonly AssignmentRec[];
  if (since !== undefined) {
    const from = since;
    // The Assignment object has no "removed" flag, so a delta lists what exists now and changed since.
    list = store.cached(key, () => track.changedSince(from).filter(keep));
  } else if (q.clientUserId !== undefined) {
    list = store.ofUser(q.clientUserId).filter(keep); // a handful per user
  } else if (q.serialNumber !== undefined) {
    list = store.ofSerial(q.serialNumber).filter(keep);
  } else if (q.adamId !== undefined) {
    const adamId = q.adamId;
    list = store.cached(key, () => store.ofAdamId(adamId).filter(keep));
  } else {
    list = store.assignments();
  }
  const page = paginate(list, q.pageIndex, c.core.opts.pageSize);
  return { assignments: page.items.map(assignmentJson), ...page.fields, versionId: track.current };
}
