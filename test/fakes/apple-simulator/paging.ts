// Apple's paging: zero-based pageIndex, server-chosen page size,
// `nextPageIndex` only when another page exists. Pages are cut from live data
// at request time, so totalPages can change mid-walk exactly as Apple warns.
import { ApiError } from './errors';

export interface PageFields {
  currentPageIndex: number;
  nextPageIndex?: number;
  size: number;
  totalPages: number;
}

export interface Page<T> {
  items: T[];
  fields: PageFields;
}

export function paginate<T>(all: readonly T[], rawIndex: string | undefined, pageSize: number): Page<T> {
  // An empty result is still one (empty) page, so pageIndex 0 is always valid.
  const totalPages = Math.max(1, Math.ceil(all.length / pageSize));
  let index = 0;
  if (rawIndex !== undefined) {
    if (!/^\d+$/.test(rawIndex)) throw new ApiError(9650);
    index = Number(rawIndex);
    if (index >= totalPages) throw new ApiError(9650);
  }
  const items = all.slice(index * pageSize, (index + 1) * pageSize);
  const fields: PageFields = { currentPageIndex: index, size: items.length, totalPages };
  if (index + 1 < totalPages) fields.nextPageIndex = index + 1;
  return { items, fields };
}
