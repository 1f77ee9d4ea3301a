/** The table's rows: a unit's group row with its count and Σ mu, and a parcel's row with its cells. */
import type { CSSProperties } from 'react';
import type { Category } from '../../../core/categories.ts';
import { cellValue, columnByKey, type LedgerColumnKey, type LedgerRow } from '../../../core/ledger/row.ts';
import type { LedgerGroup } from '../../../core/ledger/view.ts';
import type { ParcelFields } from '../../../core/parcel.ts';
import { mu } from '../../format.ts';
import { CATEGORY_COLORS } from '../map/palette.ts';
import { CellEditor } from './cell-editor.tsx';
import { CHECK_WIDTH, columnWidth, editorFor, editText } from './columns.ts';

const MU_KEYS = new Set<LedgerColumnKey>(['ledgerMu', 'approvedMu', 'disposedMu', 'ellipsoidalMu']);

function CellContent({ row, column }: { row: LedgerRow; column: LedgerColumnKey }) {
  if (column === 'areaOk') {
    return row.areaOk === null ? <span className="ledger-muted">无图形</span> : <span className={`badge ${row.areaOk ? 'badge--ok' : 'badge--bad'}`}>{row.areaOk ? '相符' : '不符'}</span>;
  }
  if (column === 'category') {
    return (
      <>
        <span className="ledger-swatch" style={{ background: CATEGORY_COLORS[row.category as Category] }} aria-hidden="true" />
        {cellValue(row, column)}
      </>
    );
  }
  const value = cellValue(row, column);
  if (value === null || value === '') return <span className="ledger-muted">—</span>;
  if (typeof value === 'number') return <>{MU_KEYS.has(column) ? mu(value) : value.toLocaleString('zh-CN')}</>;
  return <>{value}</>;
}

const cellStyle = (column: LedgerColumnKey): CSSProperties => ({ width: columnWidth(column) });
const isNumber = (column: LedgerColumnKey) => columnByKey(column).kind === 'number';

interface ParcelRowProps {
  row: LedgerRow;
  columns: readonly LedgerColumnKey[];
  selected: boolean;
  /** The grid's active cell in this row (keyboard focus), if any. */
  activeColumn: number | null;
  editing: LedgerColumnKey | null;
  editable: boolean;
  style: CSSProperties;
  index: number;
  onClick: (event: React.MouseEvent) => void;
  onCheck: () => void;
  onEdit: (column: LedgerColumnKey | null) => void;
  /** Double-click on a cell that is not edited in place: the parcel's full record in the panel. */
  onOpen: () => void;
  onSave: (column: keyof ParcelFields, text: string) => Promise<string | null>;
}

export function ParcelRow(props: ParcelRowProps) {
  const { row, columns } = props;
  return (
    <div
      role="row"
      aria-rowindex={props.index + 3}
      aria-selected={props.selected}
      data-parcel-id={row.id}
      className={`ledger-row ${props.selected ? 'is-selected' : ''}`}
      style={props.style}
      onClick={props.onClick}
    >
      <span role="gridcell" className="ledger-cell ledger-cell--check" style={{ width: CHECK_WIDTH }}>
        <input type="checkbox" tabIndex={-1} checked={props.selected} aria-label={`选择 ${row.code}`} onClick={(e) => e.stopPropagation()} onChange={props.onCheck} />
      </span>
      {columns.map((column, i) => {
        const editor = props.editable ? editorFor(column, row) : null;
        const editing = props.editing === column && editor;
        return (
          <span
            key={column}
            role="gridcell"
            id={props.activeColumn === i ? 'ledger-active-cell' : undefined}
            className={`ledger-cell ${isNumber(column) ? 'ledger-cell--num' : ''} ${i === 0 ? 'ledger-cell--key' : ''} ${props.activeColumn === i ? 'is-active' : ''} ${editor ? 'is-editable' : ''}`}
            style={cellStyle(column)}
            title={editor && !editing ? '双击或按 Enter 修改' : i === 0 ? '双击查看地块详情' : undefined}
            onDoubleClick={() => (editor ? props.onEdit(column) : props.onOpen())}
          >
            {editing ? (
              <CellEditor
                editor={editor}
                initial={editText(row, column as keyof ParcelFields)}
                label={columnByKey(column).header}
                onSave={(text) => props.onSave(column as keyof ParcelFields, text)}
                onDone={() => props.onEdit(null)}
              />
            ) : (
              <CellContent row={row} column={column} />
            )}
          </span>
        );
      })}
    </div>
  );
}

interface GroupRowProps {
  group: LedgerGroup;
  columns: readonly LedgerColumnKey[];
  allSelected: boolean;
  style: CSSProperties;
  index: number;
  active: boolean;
  onCheck: () => void;
}

export function GroupRow({ group, columns, allSelected, style, index, active, onCheck }: GroupRowProps) {
  return (
    <div role="row" aria-rowindex={index + 3} className={`ledger-row ledger-row--group ${active ? 'is-active-row' : ''}`} style={style} data-group={group.unitName}>
      <span role="gridcell" className="ledger-cell ledger-cell--check" style={{ width: CHECK_WIDTH }}>
        <input type="checkbox" tabIndex={-1} checked={allSelected} aria-label={`选择${group.unitName}全部 ${group.count} 宗`} onChange={onCheck} />
      </span>
      {columns.map((column, i) => (
        <span key={column} role="gridcell" className={`ledger-cell ${isNumber(column) ? 'ledger-cell--num' : ''} ${i === 0 ? 'ledger-cell--key ledger-cell--label' : ''}`} style={cellStyle(column)}>
          {i === 0 ? (
            <>
              <strong>{group.unitName}</strong> <span className="ledger-muted">{group.count.toLocaleString('zh-CN')} 宗</span>
            </>
          ) : column === 'ledgerMu' ? (
            <strong>{mu(group.ledgerMu)}</strong>
          ) : column === 'disposedMu' ? (
            <strong>{mu(group.disposedMu)}</strong>
          ) : null}
        </span>
      ))}
    </div>
  );
}
