/** A labelled native select for a table filter; '' means "any". */
export interface Option<V extends string> {
  value: V;
  label: string;
}

export function SelectFilter<V extends string>({
  label,
  value,
  options,
  anyLabel,
  onChange,
}: {
  label: string;
  value: V | '';
  options: Array<Option<V>>;
  anyLabel: string;
  onChange: (value: V | '') => void;
}) {
  return (
    <label className={`filter${value ? ' is-active' : ''}`}>
      <span className="filter-label">{label}</span>
      <select className="select" value={value} onChange={(e) => onChange(e.target.value as V | '')}>
        <option value="">{anyLabel}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
