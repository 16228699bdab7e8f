/**
 * The table's column chooser: a button in the header's corner that opens a
 * list of checkboxes, one per column (the first is always shown). Escape or
 * a click elsewhere closes it and focus returns to the button.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { Icon } from './icons';

interface Props {
  table: string;
  columns: ReadonlyArray<{ id: string; header: string }>;
  visible: ReadonlySet<string>;
  onChoose: (column: string, visible: boolean) => void;
}

export function ColumnChooser({ table, columns, visible, onChoose }: Props) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const hidden = columns.filter((c) => !visible.has(c.id)).length;

  useEffect(() => {
    if (!open) return;
    rootRef.current?.querySelector<HTMLInputElement>('input:not([disabled])')?.focus();
    const outside = (e: MouseEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', outside);
    return () => document.removeEventListener('mousedown', outside);
  }, [open]);

  return (
    <div
      ref={rootRef}
      className="column-chooser"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          // Close the list, not the page's dialog or filters.
          e.stopPropagation();
          e.preventDefault();
          setOpen(false);
          buttonRef.current?.focus();
        }
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className="icon-btn column-chooser-btn"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={`Columns of ${table}${hidden ? ` (${hidden} hidden)` : ''}`}
        title={hidden ? `Columns: ${hidden} hidden` : 'Columns'}
        onClick={() => setOpen((o) => !o)}
      >
        <Icon name="apps" size={14} />
        {hidden ? <span className="column-chooser-count">{hidden}</span> : null}
      </button>
      {open ? (
        <fieldset id={panelId} className="column-chooser-panel">
          <legend className="field-label">Show columns</legend>
          {columns.map((c, i) => (
            <label key={c.id} className="column-chooser-item">
              <input
                type="checkbox"
                checked={visible.has(c.id)}
                disabled={i === 0}
                onChange={(e) => onChoose(c.id, e.target.checked)}
              />
              {c.header}
            </label>
          ))}
        </fieldset>
      ) : null}
    </div>
  );
}
