/**
 * Choose one volume-purchased app by typing: an ARIA combobox over
 * queryApps, so it stays quick with thousands of apps.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { api } from '../api';
import { useDebounced } from '../hooks/use-debounced';
import { formatNumber } from '../lib/format';
import { Icon } from './icons';
import type { AppRow } from '../../shared/domain';
import type { PickedApp } from '../lib/selection-types';

const LIMIT = 30;

interface Props {
  label: string;
  value: PickedApp | null;
  onChange: (app: PickedApp | null) => void;
  placeholder?: string;
  /** Show license counts in the options (the Deploy dialog wants them). */
  showCounts?: boolean;
  compact?: boolean;
}

export function AppPicker({ label, value, onChange, placeholder = 'Search apps…', showCounts, compact }: Props) {
  const listId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const clearRef = useRef<HTMLButtonElement>(null);
  // Picking swaps the input for the chosen-app chip; without this, focus would fall to the page.
  const refocus = useRef<'chip' | 'input' | null>(null);
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [options, setOptions] = useState<AppRow[]>([]);
  const [total, setTotal] = useState(0);
  const query = useDebounced(text, 150);

  useEffect(() => {
    if (!open) return;
    let live = true;
    api.queryApps({ search: query, limit: LIMIT, sortBy: 'name' }).then(
      (page) => {
        if (!live) return;
        setOptions(page.rows);
        setTotal(page.total);
        setActive(0);
      },
      () => live && setOptions([]),
    );
    return () => {
      live = false;
    };
  }, [query, open]);

  useEffect(() => {
    if (refocus.current === 'chip') clearRef.current?.focus();
    else if (refocus.current === 'input') inputRef.current?.focus();
    refocus.current = null;
  }, [value]);

  const choose = (row: AppRow) => {
    onChange({
      adamId: row.adamId,
      pricingParam: row.pricingParam,
      name: row.name,
      availableCount: row.availableCount,
    });
    setText('');
    setOpen(false);
    refocus.current = 'chip';
  };

  if (value && !open) {
    return (
      <div className={`picked${compact ? ' is-compact' : ''}`}>
        {compact ? null : <span className="filter-label">{label}</span>}
        <span className="picked-chip" data-testid="picked-app">
          <span className="picked-name" title={`${value.name} (${value.adamId}, ${value.pricingParam})`}>
            {compact ? `App: ${value.name}` : value.name}
          </span>
          {compact ? null : (
            <span className="muted">
              {value.adamId} · {value.pricingParam}
              {showCounts && value.availableCount !== undefined
                ? ` · ${formatNumber(value.availableCount)} available`
                : ''}
            </span>
          )}
          <button
            ref={clearRef}
            type="button"
            className="icon-btn"
            aria-label={`Clear ${label.toLowerCase()}: ${value.name}`}
            onClick={() => {
              refocus.current = 'input';
              onChange(null);
            }}
          >
            <Icon name="close" size={14} />
          </button>
        </span>
      </div>
    );
  }

  const activeOption = options[active];
  return (
    <div className={`combo${compact ? ' is-compact' : ''}`}>
      {compact ? null : (
        <label className="filter-label" htmlFor={`${listId}-input`}>
          {label}
        </label>
      )}
      <div className="combo-field">
        <Icon name="search" className="search-icon" />
        <input
          ref={inputRef}
          id={`${listId}-input`}
          className="input search-input"
          role="combobox"
          aria-label={compact ? label : undefined}
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open && activeOption ? `${listId}-${active}` : undefined}
          value={text}
          placeholder={placeholder}
          onChange={(e) => {
            setText(e.target.value);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => window.setTimeout(() => setOpen(false), 120)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              setOpen(true);
              setActive((i) => Math.min(i + 1, options.length - 1));
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              setActive((i) => Math.max(i - 1, 0));
            } else if (e.key === 'Enter' && open && activeOption) {
              e.preventDefault();
              choose(activeOption);
            } else if (e.key === 'Escape' && open) {
              // Close the list, not the dialog around it.
              e.preventDefault();
              e.stopPropagation();
              setOpen(false);
            }
          }}
        />
      </div>
      {open ? (
        <ul className="combo-list" id={listId} role="listbox" aria-label={label}>
          {options.length === 0 ? <li className="combo-empty">No apps match.</li> : null}
          {options.map((row, i) => (
            <li
              key={`${row.adamId}|${row.pricingParam}`}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={`combo-option${i === active ? ' is-active' : ''}`}
              onMouseDown={(e) => e.preventDefault()}
              onMouseEnter={() => setActive(i)}
              onClick={() => choose(row)}
            >
              <span className="combo-name">{row.name}</span>
              <span className="muted combo-meta">
                {row.adamId} · {row.pricingParam}
                {showCounts
                  ? ` · ${formatNumber(row.availableCount)} of ${formatNumber(row.totalCount)} available`
                  : ''}
              </span>
            </li>
          ))}
          {total > options.length ? (
            <li className="combo-empty">{formatNumber(total - options.length)} more: keep typing to narrow down.</li>
          ) : null}
        </ul>
      ) : null}
    </div>
  );
}
