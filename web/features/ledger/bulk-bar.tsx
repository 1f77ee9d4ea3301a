/**
 * When rows are selected: their count and Σ mu, and for editors one change to apply to all of them (批量修改), sent as
 * one recorded change. The server refuses all or nothing; its reasons are listed per parcel.
 */
import { useState, type ReactNode } from 'react';
import { DISPOSAL_METHODS, STATUSES, STATUS_LABELS, TASK_TYPES, TASK_TYPE_LABELS, taskTypeOf } from '../../../core/categories.ts';
import { BULK_FIELD_LABELS, type BulkField } from '../../../core/ledger/bulk.ts';
import type { LedgerRow } from '../../../core/ledger/row.ts';
import { ApiError, sendJson } from '../../api/client.ts';
import { mu } from '../../format.ts';

/** The fields offered here; the API takes a few more (e.g. 来源清单). */
const OFFERED: BulkField[] = ['disposalMethod', 'status', 'responsiblePerson', 'reasons', 'remarks'];

interface Refusal {
  id: number;
  code: string | null;
  reason: string;
}

export interface BulkResult {
  changeSet: { id: number; summary: string; count: number };
  parcels: Array<{ id: number; version: number }>;
}

interface BulkBarProps {
  rows: LedgerRow[];
  /** Whether the user may edit at all, and which of the selected rows they may not (outside their units). */
  canEdit: boolean;
  refusedHere: number;
  onDone: (result: BulkResult) => void;
  onClear: () => void;
  onShowOnMap: (() => void) | null;
  /** Exactly one row selected: offer entering a disposal record for it. */
  onDisposal: (() => void) | null;
  /** More actions on the selection (field assignment, printing), after the bar's own. */
  children?: ReactNode;
}

function ValueInput({ field, rows, value, onChange }: { field: BulkField; rows: LedgerRow[]; value: string; onChange: (v: string) => void }) {
  if (field === 'status') {
    return (
      <select aria-label="新的状态" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">请选择…</option>
        {STATUSES.map((s) => <option key={s} value={s}>{STATUS_LABELS[s]}</option>)}
      </select>
    );
  }
  if (field === 'disposalMethod') {
    // Methods depend on the task type; a mixed selection sees them grouped, and the server names the parcels that do not fit.
    const types = TASK_TYPES.filter((t) => rows.some((r) => taskTypeOf(r.category) === t));
    return (
      <select aria-label="新的处置方式" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">请选择…</option>
        {types.map((t) => (
          <optgroup key={t} label={TASK_TYPE_LABELS[t]}>
            {DISPOSAL_METHODS[t].map((m) => <option key={m} value={m}>{m}</option>)}
          </optgroup>
        ))}
      </select>
    );
  }
  return <input aria-label={`新的${BULK_FIELD_LABELS[field]}`} placeholder="留空即清空" value={value} onChange={(e) => onChange(e.target.value)} />;
}

export function BulkBar({ rows, canEdit, refusedHere, onDone, onClear, onShowOnMap, onDisposal, children }: BulkBarProps) {
  const [field, setField] = useState<BulkField>('disposalMethod');
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; refused: Refusal[] } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const total = rows.reduce((s, r) => s + r.ledgerMu, 0);
  const needsChoice = field === 'status' || field === 'disposalMethod';

  const apply = async () => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const result = await sendJson<BulkResult>('POST', '/api/parcels/bulk', {
        ids: rows.map((r) => r.id),
        versions: Object.fromEntries(rows.map((r) => [r.id, r.version])),
        changes: { [field]: value },
      });
      setDone(`已修改 ${result!.changeSet.count} 宗：${result!.changeSet.summary}`);
      onDone(result!);
    } catch (e) {
      const refused = e instanceof ApiError ? ((e.extra.refused as Refusal[] | undefined) ?? []) : [];
      // With a list of refusals, the message's own list would say it twice.
      if (e instanceof ApiError) setError({ message: refused.length ? e.message.split('：')[0]! : e.message, refused });
      else setError({ message: String(e), refused: [] });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="ledger-bulk" role="region" aria-label="已选地块">
      <span className="ledger-bulk__count">
        已选 <strong data-testid="ledger-selected-count">{rows.length.toLocaleString('zh-CN')}</strong> 宗，台账面积 {mu(total)} 亩
      </span>
      {canEdit && (
        <span className="ledger-bulk__edit">
          <label>
            批量修改
            <select aria-label="要批量修改的字段" value={field} onChange={(e) => { setField(e.target.value as BulkField); setValue(''); }}>
              {OFFERED.map((f) => <option key={f} value={f}>{BULK_FIELD_LABELS[f]}</option>)}
            </select>
          </label>
          <ValueInput field={field} rows={rows} value={value} onChange={setValue} />
          <button type="button" className="button button--small" disabled={busy || (needsChoice && !value) || rows.length === 0} onClick={() => void apply()}>
            {busy ? '正在修改…' : `应用到 ${rows.length} 宗`}
          </button>
          {refusedHere > 0 && <span className="ledger-bulk__warn">其中 {refusedHere} 宗不在您负责的单位内，修改会被拒绝</span>}
        </span>
      )}
      {onShowOnMap && (
        <button type="button" className="button button--small button--quiet" onClick={onShowOnMap}>
          在地图上显示
        </button>
      )}
      {onDisposal && (
        <button type="button" className="button button--small button--quiet" onClick={onDisposal}>
          登记处置…
        </button>
      )}
      {children}
      <button type="button" className="link-button" onClick={onClear}>
        取消选择
      </button>
      {done && <span className="ledger-bulk__done" role="status">{done}</span>}
      {error && (
        <div className="ledger-bulk__error" role="alert">
          <strong>{error.message}</strong>
          {error.refused.length > 0 && (
            <ul>
              {error.refused.slice(0, 8).map((r) => <li key={r.id}>{r.code ?? `#${r.id}`}：{r.reason}</li>)}
              {error.refused.length > 8 && <li>……另有 {error.refused.length - 8} 宗</li>}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
