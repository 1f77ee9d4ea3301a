/**
 * The virtualised grid: only the rows in view (and a few around) are in the page, so 10,000 parcels scroll as
 * smoothly as 100. One tab stop; arrow keys move the active cell, Space selects its row (Shift+arrows extend),
 * Enter edits the cell (or, on one not edited in place, opens the parcel), Escape cancels. Headers sort on click or Enter; the row under them filters.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { columnByKey, type LedgerColumnKey, type LedgerRow } from '../../../core/ledger/row.ts';
import type { ColumnFilter, LedgerFilters, LedgerGroup, LedgerSort, LedgerView } from '../../../core/ledger/view.ts';
import type { ParcelFields } from '../../../core/parcel.ts';
import { mu, pct } from '../../format.ts';
import { CHECK_WIDTH, columnWidth, editorFor } from './columns.ts';
import { ColumnFilterControl } from './filter-controls.tsx';
import { GroupRow, ParcelRow } from './grid-rows.tsx';

const ROW_HEIGHT = 34;
const HEADER_HEIGHT = 74;

type Item = { kind: 'group'; group: LedgerGroup } | { kind: 'row'; row: LedgerRow };

export interface LedgerGridProps {
  view: LedgerView;
  columns: readonly LedgerColumnKey[];
  sort: LedgerSort | null;
  onSort: (sort: LedgerSort | null) => void;
  filters: LedgerFilters;
  onFilter: (column: LedgerColumnKey, filter: ColumnFilter | undefined) => void;
  units: readonly string[];
  selected: ReadonlySet<number>;
  onRowClick: (id: number, keys: { toggle: boolean; range: boolean }) => void;
  /** Opens the parcel's full record (the page's parcel panel). */
  onOpenParcel: (id: number) => void;
  onSelectIds: (ids: number[], on: boolean) => void;
  onToggleAll: () => void;
  /** A parcel to bring into view (chosen on the map); `nonce` repeats a request for the same parcel. */
  reveal: { id: number; nonce: number } | null;
  mayEdit: (row: LedgerRow) => boolean;
  onSaveCell: (row: LedgerRow, column: keyof ParcelFields, text: string) => Promise<string | null>;
}

const nextSort = (sort: LedgerSort | null, key: LedgerColumnKey): LedgerSort | null =>
  sort?.key !== key ? { key, direction: 'asc' } : sort.direction === 'asc' ? { key, direction: 'desc' } : null;

export function LedgerGrid(props: LedgerGridProps) {
  const { view, columns, selected } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const items = useMemo<Item[]>(
    () => view.groups.flatMap((group): Item[] => [{ kind: 'group', group }, ...group.rows.map((row): Item => ({ kind: 'row', row }))]),
    [view],
  );
  const [active, setActive] = useState<{ item: number; column: number }>({ item: 1, column: 0 });
  const [editing, setEditing] = useState<{ id: number; column: LedgerColumnKey } | null>(null);
  const width = CHECK_WIDTH + columns.reduce((s, c) => s + columnWidth(c), 0);

  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    // The rows start below the header; the sticky header then covers that much of the view.
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    scrollPaddingEnd: ROW_HEIGHT,
  });

  useEffect(() => {
    if (!props.reveal) return;
    const index = items.findIndex((it) => it.kind === 'row' && it.row.id === props.reveal!.id);
    if (index === -1) return;
    setActive((a) => ({ ...a, item: index }));
    virtualizer.scrollToIndex(index, { align: 'center' });
    // Only a new request scrolls; the table changing under a kept selection must not jump.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.reveal]);

  const itemCount = items.length;
  const clampItem = (i: number) => Math.max(0, Math.min(itemCount - 1, i));
  const rowAt = (i: number) => {
    const it = items[i];
    return it?.kind === 'row' ? it.row : null;
  };

  const moveTo = (item: number, column: number, extend: boolean) => {
    const next = { item: clampItem(item), column: Math.max(0, Math.min(columns.length - 1, column)) };
    setActive(next);
    virtualizer.scrollToIndex(next.item);
    const row = rowAt(next.item);
    if (extend && row) props.onRowClick(row.id, { toggle: false, range: true });
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget) return;
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 300) / ROW_HEIGHT) - 2);
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveTo(active.item + 1, active.column, event.shiftKey),
      ArrowUp: () => moveTo(active.item - 1, active.column, event.shiftKey),
      ArrowRight: () => moveTo(active.item, active.column + 1, false),
      ArrowLeft: () => moveTo(active.item, active.column - 1, false),
      PageDown: () => moveTo(active.item + page, active.column, event.shiftKey),
      PageUp: () => moveTo(active.item - page, active.column, event.shiftKey),
      Home: () => moveTo(event.ctrlKey || event.metaKey ? 0 : active.item, 0, false),
      End: () => moveTo(event.ctrlKey || event.metaKey ? itemCount - 1 : active.item, columns.length - 1, false),
      ' ': () => {
        const it = items[active.item];
        if (it?.kind === 'row') props.onRowClick(it.row.id, { toggle: true, range: false });
        else if (it) props.onSelectIds(it.group.rows.map((r) => r.id), !it.group.rows.every((r) => selected.has(r.id)));
      },
      Enter: () => {
        const row = rowAt(active.item);
        const column = columns[active.column];
        if (row && column && props.mayEdit(row) && editorFor(column, row)) setEditing({ id: row.id, column });
        else if (row) props.onOpenParcel(row.id);
      },
    };
    const action = keys[event.key];
    if (action) {
      event.preventDefault();
      action();
    } else if ((event.ctrlKey || event.metaKey) && event.key === 'a') {
      event.preventDefault();
      props.onToggleAll();
    }
  };

  const shownIds = view.total.count;
  const allSelected = shownIds > 0 && view.groups.every((g) => g.rows.every((r) => selected.has(r.id)));
  const activeItem = items[active.item];
  const activeDescendant = activeItem?.kind === 'row' && virtualizer.getVirtualItems().some((v) => v.index === active.item) ? 'ledger-active-cell' : undefined;

  return (
    <div
      ref={scroller}
      className="ledger-grid"
      role="grid"
      aria-label="地块台账"
      aria-rowcount={items.length + 2}
      aria-colcount={columns.length + 1}
      aria-multiselectable="true"
      aria-activedescendant={activeDescendant}
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-testid="ledger-grid"
    >
      <div className="ledger-head" role="rowgroup" style={{ width, height: HEADER_HEIGHT }}>
        <div role="row" aria-rowindex={1} className="ledger-head__titles">
          <span role="columnheader" className="ledger-cell ledger-cell--check" style={{ width: CHECK_WIDTH }}>
            <input type="checkbox" checked={allSelected} aria-label="选择全部显示的地块" onChange={props.onToggleAll} />
          </span>
          {columns.map((column, i) => {
            const sorted = props.sort?.key === column ? props.sort.direction : null;
            return (
              <span
                key={column}
                role="columnheader"
                aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}
                className={`ledger-cell ${i === 0 ? 'ledger-cell--key' : ''} ${columnByKey(column).kind === 'number' ? 'ledger-cell--num' : ''}`}
                style={{ width: columnWidth(column) }}
              >
                <button type="button" className="ledger-sort" onClick={() => props.onSort(nextSort(props.sort, column))} title="点击排序：升序 → 降序 → 不排序">
                  {columnByKey(column).header}
                  <span className="ledger-sort__mark" aria-hidden="true">
                    {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '⇅'}
                  </span>
                </button>
              </span>
            );
          })}
        </div>
        <div role="row" aria-rowindex={2} className="ledger-head__filters">
          <span role="gridcell" className="ledger-cell ledger-cell--check" style={{ width: CHECK_WIDTH }} />
          {columns.map((column, i) => (
            <span key={column} role="gridcell" className={`ledger-cell ${i === 0 ? 'ledger-cell--key' : ''}`} style={{ width: columnWidth(column) }}>
              <ColumnFilterControl column={column} filter={props.filters[column]} units={props.units} onChange={(f) => props.onFilter(column, f)} />
            </span>
          ))}
        </div>
      </div>

      <div className="ledger-body" role="rowgroup" style={{ height: virtualizer.getTotalSize(), width }}>
        {virtualizer.getVirtualItems().map((v) => {
          const it = items[v.index]!;
          const style = { transform: `translateY(${v.start - HEADER_HEIGHT}px)`, height: ROW_HEIGHT, width };
          if (it.kind === 'group') {
            return (
              <GroupRow
                key={`g-${it.group.unitName}`}
                group={it.group}
                columns={columns}
                index={v.index}
                style={style}
                active={active.item === v.index}
                allSelected={it.group.rows.every((r) => selected.has(r.id))}
                onCheck={() => props.onSelectIds(it.group.rows.map((r) => r.id), !it.group.rows.every((r) => selected.has(r.id)))}
              />
            );
          }
          const row = it.row;
          return (
            <ParcelRow
              key={row.id}
              row={row}
              columns={columns}
              index={v.index}
              style={style}
              selected={selected.has(row.id)}
              activeColumn={active.item === v.index ? active.column : null}
              editing={editing?.id === row.id ? editing.column : null}
              editable={props.mayEdit(row)}
              onClick={(event) => {
                setActive((a) => ({ ...a, item: v.index }));
                props.onRowClick(row.id, { toggle: event.ctrlKey || event.metaKey, range: event.shiftKey });
              }}
              onCheck={() => props.onRowClick(row.id, { toggle: true, range: false })}
              onEdit={(column) => {
                setEditing(column ? { id: row.id, column } : null);
                // Back to the grid, so the keyboard carries on from the edited cell.
                if (!column) scroller.current?.focus({ preventScroll: true });
              }}
              onSave={(column, text) => props.onSaveCell(row, column, text)}
              onOpen={() => props.onOpenParcel(row.id)}
            />
          );
        })}
      </div>

      <div className="ledger-foot" role="row" style={{ width }}>
        <span className="ledger-cell ledger-cell--check" style={{ width: CHECK_WIDTH }} />
        {columns.map((column, i) => (
          <span key={column} className={`ledger-cell ${i === 0 ? 'ledger-cell--key ledger-cell--label' : ''} ${columnByKey(column).kind === 'number' ? 'ledger-cell--num' : ''}`} style={{ width: columnWidth(column) }}>
            {i === 0 ? (
              <>
                <strong>合计</strong> <span className="ledger-muted">{view.total.count.toLocaleString('zh-CN')} 宗</span>
                {view.total.ledgerMu > 0 && <span className="ledger-muted">· 已处置 {pct(view.total.disposedMu / view.total.ledgerMu)}</span>}
              </>
            ) : column === 'ledgerMu' ? (
              <strong data-testid="ledger-total-mu">{mu(view.total.ledgerMu)}</strong>
            ) : column === 'disposedMu' ? (
              <strong>{mu(view.total.disposedMu)}</strong>
            ) : null}
          </span>
        ))}
      </div>
    </div>
  );
}
