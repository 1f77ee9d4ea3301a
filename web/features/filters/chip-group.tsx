/** A facet of the filter panel: one toggle chip per value, each with the number of parcels it covers. */
import type { ReactNode } from 'react';

interface ChipGroupProps<T extends string> {
  legend: string;
  values: readonly T[];
  selected: readonly T[];
  label: (value: T) => ReactNode;
  /** Parcels with this value under the other filters; undefined while counting. */
  count: (value: T) => number | undefined;
  onToggle: (value: T) => void;
}

export function ChipGroup<T extends string>({ legend, values, selected, label, count, onToggle }: ChipGroupProps<T>) {
  return (
    <fieldset className="filter-group">
      <legend>{legend}</legend>
      <div className="chips">
        {values.map((value) => (
          <button key={value} type="button" className="chip" aria-pressed={selected.includes(value)} onClick={() => onToggle(value)}>
            {label(value)}
            <span className="chip__count">{count(value) ?? '…'}</span>
          </button>
        ))}
      </div>
    </fieldset>
  );
}
