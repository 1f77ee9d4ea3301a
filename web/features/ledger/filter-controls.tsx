/** One column's filter in the table's header: text contained, a pick of values, or a range of mu. */
import { useRef, useState } from 'react';
import { CATEGORIES, CATEGORY_LABELS, STATUSES, STATUS_LABELS } from '../../../core/categories.ts';
import { columnByKey, type LedgerColumnKey } from '../../../core/ledger/row.ts';
import { NO_UNIT, type ColumnFilter } from '../../../core/ledger/view.ts';

interface FilterProps {
  column: LedgerColumnKey;
  filter: ColumnFilter | undefined;
  units: readonly string[];
  onChange: (filter: ColumnFilter | undefined) => void;
}

function choicesOf(column: LedgerColumnKey, units: readonly string[]): Array<{ value: string; label: string }> | null {
  switch (columnByKey(column).kind) {
    case 'category':
      return CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] }));
    case 'status':
      return STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }));
    case 'unit':
      return [...units, NO_UNIT].map((u) => ({ value: u, label: u }));
    case 'check':
      return [{ value: 'ok', label: '相符' }, { value: 'mismatch', label: '不符' }, { value: 'none', label: '无图形' }];
    default:
      return null;
  }
}

const header = (column: LedgerColumnKey) => columnByKey(column).header;

function ValuesFilter({ column, filter, choices, onChange }: Omit<FilterProps, 'units'> & { choices: Array<{ value: string; label: string }> }) {
  const picked = filter?.kind === 'values' ? filter.values : [];
  const [at, setAt] = useState<{ top: number; left: number } | null>(null);
  const summary = useRef<HTMLElement>(null);
  const toggle = (value: string) => {
    const next = picked.includes(value) ? picked.filter((v) => v !== value) : [...picked, value];
    onChange(next.length ? { kind: 'values', values: next } : undefined);
  };
  return (
    <details
      className="ledger-filter__values"
      onToggle={(event) => {
        // Fixed, measured on opening: the header scrolls with the table and would clip a dropdown inside it.
        const rect = summary.current?.getBoundingClientRect();
        setAt((event.currentTarget as HTMLDetailsElement).open && rect ? { top: rect.bottom + 2, left: rect.left } : null);
      }}
    >
      <summary ref={summary} aria-label={`筛选${header(column)}`} className={picked.length ? 'is-active' : ''}>
        {picked.length === 0 ? '全部' : picked.length === 1 ? choices.find((c) => c.value === picked[0])?.label : `已选 ${picked.length} 项`}
      </summary>
      {at && (
        <div className="ledger-filter__menu" style={{ top: at.top, left: at.left }} role="group" aria-label={`按${header(column)}筛选`}>
          {choices.map((c) => (
            <label key={c.value}>
              <input type="checkbox" checked={picked.includes(c.value)} onChange={() => toggle(c.value)} />
              {c.label}
            </label>
          ))}
          {picked.length > 0 && (
            <button type="button" className="link-button" onClick={() => onChange(undefined)}>
              清除
            </button>
          )}
        </div>
      )}
    </details>
  );
}

/** A number typed into a range box; empty means no bound. */
const bound = (text: string): number | null => (text.trim() === '' || !Number.isFinite(Number(text)) ? null : Number(text));

function RangeFilter({ column, filter, onChange }: Omit<FilterProps, 'units'>) {
  const range = filter?.kind === 'range' ? filter : { min: null, max: null };
  const [min, setMin] = useState(range.min?.toString() ?? '');
  const [max, setMax] = useState(range.max?.toString() ?? '');
  const apply = (nextMin: string, nextMax: string) => {
    const [lo, hi] = [bound(nextMin), bound(nextMax)];
    onChange(lo === null && hi === null ? undefined : { kind: 'range', min: lo, max: hi });
  };
  return (
    <span className="ledger-filter__range">
      <input inputMode="decimal" placeholder="≥" aria-label={`${header(column)}不小于`} value={min} onChange={(e) => { setMin(e.target.value); apply(e.target.value, max); }} />
      <input inputMode="decimal" placeholder="≤" aria-label={`${header(column)}不大于`} value={max} onChange={(e) => { setMax(e.target.value); apply(min, e.target.value); }} />
    </span>
  );
}

export function ColumnFilterControl(props: FilterProps) {
  const choices = choicesOf(props.column, props.units);
  if (choices) return <ValuesFilter {...props} choices={choices} />;
  if (columnByKey(props.column).kind === 'number') return <RangeFilter {...props} />;
  const text = props.filter?.kind === 'text' ? props.filter.text : '';
  return (
    <input
      className="ledger-filter__text"
      type="search"
      placeholder="包含…"
      aria-label={`筛选${header(props.column)}`}
      value={text}
      onChange={(e) => props.onChange(e.target.value ? { kind: 'text', text: e.target.value } : undefined)}
    />
  );
}
