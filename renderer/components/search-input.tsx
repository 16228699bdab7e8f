/** A search box with its icon and a clear button; the caller debounces. */
import { Icon } from './icons';

export function SearchInput({
  value,
  onChange,
  placeholder,
  label,
}: {
  value: string;
  onChange: (v: string) => void;
  placeholder: string;
  label: string;
}) {
  return (
    <div className="search">
      <Icon name="search" className="search-icon" />
      <input
        type="search"
        className="input search-input"
        value={value}
        placeholder={placeholder}
        aria-label={label}
        maxLength={200}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && value) {
            e.stopPropagation();
            onChange('');
          }
        }}
      />
    </div>
  );
}
