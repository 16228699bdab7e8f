/**
 * Pick users from the cached users list: search, tick individual users, or
 * add everyone matching the search and terms filter at once. The list is one
 * Tab stop (roving tabindex): arrow keys, Home/End and Page Up/Down move
 * between users, Space ticks; 100 users would otherwise be 100 Tab stops.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { api, messageOf } from '../api';
import { Button } from '../components/button';
import { InlineError } from '../components/inline-error';
import { Pill } from '../components/pill';
import { SearchInput } from '../components/search-input';
import { SelectFilter } from '../components/select-filter';
import { useDebounced } from '../hooks/use-debounced';
import { formatNumber, plural } from '../lib/format';
import { TERMS } from '../lib/labels';
import type { TermsStatus, UserRow } from '../../shared/domain';

const SHOWN = 100;
const TERMS_OPTIONS = (Object.keys(TERMS) as TermsStatus[]).map((value) => ({ value, label: TERMS[value].label }));

interface Props {
  selected: ReadonlySet<string>;
  onAdd: (ids: string[]) => void;
  onRemove: (id: string) => void;
}

export function UsersFromCache({ selected, onAdd, onRemove }: Props) {
  const [search, setSearch] = useState('');
  const [terms, setTerms] = useState<TermsStatus | ''>('');
  const [rows, setRows] = useState<UserRow[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const query = useDebounced(search.trim(), 150);
  const [active, setActive] = useState(0);
  const listRef = useRef<HTMLUListElement>(null);
  const current = Math.min(active, Math.max(0, rows.length - 1));

  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, index));
    setActive(next);
    listRef.current?.querySelector<HTMLInputElement>(`input[data-index="${next}"]`)?.focus();
  };

  const onListKey = (e: KeyboardEvent<HTMLUListElement>) => {
    const step: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10 };
    if (e.key in step) moveTo(current + (step[e.key] ?? 0));
    else if (e.key === 'Home') moveTo(0);
    else if (e.key === 'End') moveTo(rows.length - 1);
    else return;
    e.preventDefault();
  };

  useEffect(() => {
    let live = true;
    api.queryUsers({ search: query, terms: terms || undefined, limit: SHOWN, sortBy: 'clientUserId' }).then(
      (page) => {
        if (!live) return;
        setRows(page.rows);
        setTotal(page.total);
        setError(null);
      },
      (err: unknown) => live && setError(messageOf(err)),
    );
    return () => {
      live = false;
    };
  }, [query, terms]);

  const addAll = async () => {
    setAdding(true);
    try {
      const ids: string[] = [];
      for (let offset = 0; ; offset += 5000) {
        const page = await api.queryUsers({
          search: query,
          terms: terms || undefined,
          offset,
          limit: 5000,
          sortBy: 'clientUserId',
        });
        ids.push(...page.rows.map((r) => r.clientUserId));
        if (ids.length >= page.total || page.rows.length === 0) break;
      }
      onAdd(ids);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setAdding(false);
    }
  };

  return (
    <div className="picker">
      <div className="picker-toolbar">
        <SearchInput
          value={search}
          onChange={setSearch}
          placeholder="Search user ID or email"
          label="Search users to add"
        />
        <SelectFilter label="VPP Terms" value={terms} options={TERMS_OPTIONS} anyLabel="Any" onChange={setTerms} />
        <Button size="sm" busy={adding} disabled={!total} onClick={() => void addAll()}>
          Add all {total === null ? '' : formatNumber(total)}
        </Button>
      </div>
      {error ? <InlineError message={error} /> : null}
      <ul ref={listRef} className="picker-list" aria-label="Users" onKeyDown={onListKey}>
        {rows.map((row, i) => {
          const checked = selected.has(row.clientUserId);
          return (
            <li key={row.clientUserId}>
              <label className={`picker-row${checked ? ' is-checked' : ''}`}>
                <input
                  type="checkbox"
                  data-index={i}
                  tabIndex={i === current ? 0 : -1}
                  onFocus={() => setActive(i)}
                  checked={checked}
                  onChange={() => (checked ? onRemove(row.clientUserId) : onAdd([row.clientUserId]))}
                />
                <span className="mono picker-id">{row.clientUserId}</span>
                <span className="picker-email">{row.email ?? <span className="muted">No email</span>}</span>
                <Pill tone={TERMS[row.termsStatus].tone}>{TERMS[row.termsStatus].label}</Pill>
              </label>
            </li>
          );
        })}
        {total === 0 ? (
          <li className="picker-empty">
            No cached users match. Paste ids or load a file to add users Apple does not know yet.
          </li>
        ) : null}
        {total !== null && total > rows.length ? (
          <li className="picker-empty">
            Showing {formatNumber(rows.length)} of {plural(total, 'user', 'users')}; search to narrow down, or add all.
          </li>
        ) : null}
      </ul>
    </div>
  );
}
