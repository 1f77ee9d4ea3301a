/**
 * The import report, parcel by parcel: what the file holds, what importing would do, its areas and what is wrong.
 * Valid parcels can be chosen; pointing at a row draws its parcel bold on the map, clicking it (or its code) flies there.
 */
import { useState, type ReactNode } from 'react';
import { mu, signedMu } from '../../format.ts';
import type { ConfirmationKind, Confirmations } from './confirmations.ts';
import { ItemChecks, PlacementCell } from './item-checks.tsx';
import './item-checks.css';
import type { PreviewItem } from './types.ts';

type Show = 'all' | 'valid' | 'invalid';
const SHOW_LABELS: Record<Show, string> = { all: '全部', valid: '可导入', invalid: '有错误' };

interface PreviewTableProps {
  items: PreviewItem[];
  chosen: ReadonlySet<number>;
  onChosenChange: (chosen: Set<number>) => void;
  active: number | null;
  onPoint: (index: number | null) => void;
  onLocate: (item: PreviewItem) => void;
  /** The person's confirmations and update choices, and the campaign's overlap threshold (mu). */
  confirm: Confirmations;
  onConfirm: (kind: ConfirmationKind, index: number, on: boolean) => void;
  thresholdMu: number;
}

export function PreviewTable({ items, chosen, onChosenChange, active, onPoint, onLocate, confirm, onConfirm, thresholdMu }: PreviewTableProps) {
  const [show, setShow] = useState<Show>('all');
  const counts: Record<Show, number> = { all: items.length, valid: items.filter((i) => i.valid).length, invalid: items.filter((i) => !i.valid).length };
  const shown = items.filter((i) => show === 'all' || (show === 'valid') === i.valid);
  const choosable = shown.filter((i) => i.valid);
  const allChosen = choosable.length > 0 && choosable.every((i) => chosen.has(i.index));

  const toggle = (index: number) => {
    const next = new Set(chosen);
    if (!next.delete(index)) next.add(index);
    onChosenChange(next);
  };
  const toggleAll = () => {
    const next = new Set(chosen);
    for (const i of choosable) {
      if (allChosen) next.delete(i.index);
      else next.add(i.index);
    }
    onChosenChange(next);
  };

  return (
    <div className="import-report">
      <div className="segmented segmented--small import-report__show" role="group" aria-label="显示">
        {(Object.keys(SHOW_LABELS) as Show[]).map((key) => (
          <button key={key} type="button" aria-pressed={show === key} onClick={() => setShow(key)}>
            {SHOW_LABELS[key]} {counts[key]}
          </button>
        ))}
      </div>
      <div className="import-report__scroll">
        <table className="import-table" data-testid="import-table" onMouseLeave={() => onPoint(null)}>
          <thead>
            <tr>
              <th scope="col" className="import-table__check">
                <input type="checkbox" aria-label="全选可导入的地块" checked={allChosen} disabled={!choosable.length} onChange={toggleAll} />
              </th>
              <th scope="col">序号 / 位置</th>
              <th scope="col">地块编号</th>
              <th scope="col">名称</th>
              <th scope="col">操作</th>
              <th scope="col" className="num">
                椭球面积<small>亩</small>
              </th>
              <th scope="col" className="num">
                文件面积<small>亩</small>
              </th>
              <th scope="col">面积核对</th>
              <th scope="col">
                所在单位 · 重叠<small>亩（椭球）</small>
              </th>
              <th scope="col">状态</th>
            </tr>
          </thead>
          {shown.map((item) => (
            <PreviewRow key={item.index} item={item} chosen={chosen.has(item.index)} active={active === item.index} onToggle={toggle} onPoint={onPoint} onLocate={onLocate} confirm={confirm}>
              {item.valid && (item.needsConfirmation.length > 0 || (item.match !== null && item.match.by !== 'code')) ? (
                <ItemChecks item={item} chosen={chosen} confirm={confirm} thresholdMu={thresholdMu} onConfirm={onConfirm} />
              ) : null}
            </PreviewRow>
          ))}
        </table>
        {!shown.length && <p className="hint import-report__empty">没有{SHOW_LABELS[show]}的地块</p>}
      </div>
    </div>
  );
}

interface RowProps {
  item: PreviewItem;
  chosen: boolean;
  active: boolean;
  onToggle: (index: number) => void;
  onPoint: (index: number | null) => void;
  onLocate: (item: PreviewItem) => void;
  confirm: Confirmations;
  /** The item's offer and confirmations, under its messages. */
  children: ReactNode;
}

function PreviewRow({ item, chosen, active, onToggle, onPoint, onLocate, confirm, children }: RowProps) {
  const messages = [...item.errors.map((text) => ({ text, bad: true })), ...item.warnings.map((text) => ({ text, bad: false }))];
  const code = item.parcel.code ?? '（无编号）';
  return (
    // A tbody per parcel: its data row and its messages row light up together.
    <tbody
      className={`import-item ${item.valid ? '' : 'import-item--invalid'} ${active ? 'import-item--active' : ''}`}
      data-testid="import-item"
      onMouseEnter={() => onPoint(item.index)}
      // A click anywhere on the row but its checkbox and code (which act themselves) shows the parcel too.
      onClick={(event) => {
        if (item.parcel.geometry && !(event.target as HTMLElement).closest('input, button')) onLocate(item);
      }}
    >
      <tr>
        <td className="import-table__check">
          <input type="checkbox" aria-label={`导入 ${code}`} checked={chosen} disabled={!item.valid} onChange={() => onToggle(item.index)} />
        </td>
        <td>
          <span className="import-item__no">{item.index}</span>
          <small className="import-item__source">{item.source}</small>
        </td>
        <td>
          {item.parcel.geometry ? (
            <button type="button" className="link-button import-item__code" title="在地图上定位" onClick={() => onLocate(item)} onFocus={() => onPoint(item.index)}>
              {code}
            </button>
          ) : (
            <span className="import-item__code">{code}</span>
          )}
        </td>
        <td className="import-item__name">{item.parcel.projectName ?? '—'}</td>
        <td>
          <span className={`tag ${item.action === 'create' ? 'tag--primary' : 'tag--update'}`}>{item.action === 'create' ? '新建' : '更新'}</span>
        </td>
        <td className="num" data-testid="import-area">{item.areaMu ? mu(item.areaMu.ellipsoidal) : '—'}</td>
        <td className="num">{item.statedAreaMu !== null ? mu(item.statedAreaMu) : '—'}</td>
        <td>
          <AreaCheckBadge item={item} />
        </td>
        <td>
          <PlacementCell item={item} confirm={confirm} />
        </td>
        <td>
          <StatusBadge item={item} />
        </td>
      </tr>
      {(messages.length > 0 || children) && (
        <tr className="import-item__messages">
          <td />
          <td colSpan={9}>
            <ul>
              {messages.map((m, i) => (
                <li key={i} className={m.bad ? 'import-message--error' : 'import-message--warning'}>
                  {m.bad ? '错误：' : '提示：'}
                  {m.text}
                </li>
              ))}
            </ul>
            {children}
          </td>
        </tr>
      )}
    </tbody>
  );
}

function AreaCheckBadge({ item }: { item: PreviewItem }) {
  const check = item.areaCheck;
  if (!check) return <span className="hint">—</span>;
  const title = `台账面积 − 椭球面积 = ${signedMu(check.diffMu)} 亩，容差 ±${check.toleranceMu.toFixed(2)} 亩`;
  return check.ok ? (
    <span className="badge badge--ok" title={title}>
      ✓ 相符
    </span>
  ) : (
    <span className="badge badge--bad" title={title}>
      ⚠ 差 {signedMu(check.diffMu)}
    </span>
  );
}

function StatusBadge({ item }: { item: PreviewItem }) {
  if (!item.valid) return <span className="badge badge--bad">✕ 有错误</span>;
  if (item.needsConfirmation.length) return <span className="badge badge--warn" title="重叠超过允许值或不在本专项行动单位内：勾选确认后才能导入">⚠ 须确认</span>;
  if (item.warnings.length) return <span className="badge badge--warn" title="可导入，请看下方提示">⚠ 有提示</span>;
  return <span className="badge badge--ok">✓ 可导入</span>;
}
