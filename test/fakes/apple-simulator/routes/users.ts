// GET /users: activeOnly / retiredOnly (v2), includeRetired (named by Apple's
// "Import Users" steps), clientUserId, and sinceVersionId deltas.
import { ApiError } from '../errors';
import { queryBool } from '../http';
import { paginate } from '../paging';
import { userJson } from '../views';
import type { UserRec } from '../store';
import type { AuthedCtx } from './context';

export function getUsers(c: AuthedCtx): Record<string, unknown> {
  const q = c.ex.query;
  const store = c.loc.store;
  const track = store.versions.users;
  const activeOnly = queryBool(q, 'activeOnly') === true || queryBool(q, 'includeRetired') === false;
  const retiredOnly = queryBool(q, 'retiredOnly') === true;
  if (activeOnly && retiredOnly) throw new ApiError(9602, 'activeOnly and retiredOnly exclude each other.');

  let base: readonly UserRec[];
  let baseKey: string;
  if (q.sinceVersionId !== undefined) {
    const since = track.seqOf(q.sinceVersionId);
    if (since === undefined) throw new ApiError(9721);
    baseKey = `since:${since}`;
    base = store.cached(`users|${track.seq}|${baseKey}`, () => track.changedSince(since));
  } else {
    baseKey = 'all';
    base = store.users;
  }
  let list: readonly UserRec[] = base;
  if (q.clientUserId !== undefined) {
    const u = store.user(q.clientUserId);
    list = u !== undefined && (base === store.users || base.includes(u)) ? [u] : [];
  }
  if (activeOnly || retiredOnly) {
    const from = list;
    const keep = (u: UserRec): boolean => (activeOnly ? u.status !== 'Retired' : u.status === 'Retired');
    list =
      from.length <= 1
        ? from.filter(keep)
        : store.cached(`users|${track.seq}|${baseKey}|${activeOnly ? 'active' : 'retired'}`, () => from.filter(keep));
  }
  const page = paginate(list, q.pageIndex, c.core.opts.pageSize);
  return { ...page.fields, users: page.items.map(userJson), versionId: track.current };
}
