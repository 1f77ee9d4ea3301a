/**
 * One parcel's ledger entry: every field in the groups of the ledger form, its areas and check, disposals and history;
 * for those who may edit, the buttons to change it and the form that does.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import { useState } from 'react';
import { CATEGORY_LABELS, STATUS_LABELS } from '../../../core/categories.ts';
import { FIELD_LABELS, FIELDS } from '../../../core/fields/registry.ts';
import { displayText } from '../../../core/fields/text.ts';
import { FIELD_GROUP_TITLES, type FieldGroup as Group } from '../../../core/fields/types.ts';
import { ApiError, sendJson } from '../../api/client.ts';
import type { HistoryEntry, ParcelDetail, ParcelFeature } from '../../api/types.ts';
import type { Remote } from '../../api/use-api.ts';
import { useSession } from '../auth/session.tsx';
import { ParcelActions, type DeletedParcel } from '../editing/parcel-actions.tsx';
import { mayEditParcel } from '../editing/permissions.ts';
import { mu, pct, timestampZh } from '../../format.ts';
import { CATEGORY_COLORS } from '../map/palette.ts';
import { AreaCheck } from './area-check.tsx';
import { Disposals } from './disposals.tsx';
import { FieldGroup, type Field } from './field-list.tsx';
import { FieldChecks } from './field-checks.tsx';
import { History } from './history.tsx';
import { Timeline } from './timeline.tsx';
import { ParcelKeyCases } from '../reports/key-case-notes.tsx';
import { PrintDossier } from './print-dossier.tsx';
import { IdleSection } from '../warnings/idle-section.tsx';
import { ParcelAssignment } from '../assignments/parcel-assignment.tsx';
import './parcel-panel.css';
import { lazyPart } from '../../shell/lazy-part.tsx';

// The editor (with its area rules and their projection library) loads on the first 编辑 (web/shell/lazy-part.tsx).
const AttributeEditor = lazyPart(() => import('../editing/attribute-editor.tsx').then((m) => m.AttributeEditor));

/**
 * A group's ledger fields as rows, labelled and formatted by the field registry. The required fields are not among
 * them: code and name head the panel, category and status are badges, the ledger area leads 基本信息.
 */
const rowsOf = (group: Exclude<Group, 'required'>, p: ParcelDetail['properties']): Field[] =>
  FIELDS.filter((f) => f.group === group).map((f) => ({ label: f.label, value: displayText(f.key, p[f.key]) }));

interface ParcelPanelProps {
  parcelId: number;
  parcel: Remote<ParcelDetail>;
  onClose: () => void;
  /** The parcel was changed here (saved, restored): the page reloads it and the map's tiles. */
  onChanged: (parcel: ParcelFeature | null) => void;
  onDeleted: (deleted: DeletedParcel) => void;
  onEditBoundary: (detail: ParcelDetail) => void;
  /** A history entry's boundary to draw over the current one, or null to clear it. */
  onPreviewBoundary: (boundary: Polygon | MultiPolygon | null) => void;
}

export function ParcelPanel(props: ParcelPanelProps) {
  const { parcel } = props;
  // While a saved parcel reloads, keep showing it rather than flashing a skeleton.
  const shown = parcel.state === 'ready' ? parcel.data : parcel.state === 'loading' ? parcel.stale : null;
  const detail = shown?.properties.id === props.parcelId ? shown : null;
  const [editing, setEditing] = useState(false);
  return (
    <section className="parcel-panel" data-testid="parcel-panel" aria-labelledby="parcel-title" aria-busy={parcel.state === 'loading'}>
      <header className="parcel-panel__header">
        <div>
          {detail && <p className="eyebrow">{FIELD_LABELS.code}</p>}
          <h2 id="parcel-title">{detail ? detail.properties.code : parcel.state === 'error' ? '无法打开地块' : '正在加载地块…'}</h2>
          {detail?.properties.projectName && <p className="parcel-panel__name">{detail.properties.projectName}</p>}
        </div>
        <button type="button" className="icon-button" aria-label="关闭地块详情（Esc）" title="关闭（Esc）" onClick={props.onClose}>
          ×
        </button>
      </header>
      {parcel.state === 'error' && <p className="error-box" role="alert">{parcel.message}</p>}
      {parcel.state === 'loading' && !detail && <div className="skeleton" aria-hidden="true" />}
      {detail && editing && (
        <AttributeEditor
          detail={detail}
          onCancel={() => setEditing(false)}
          onSaved={(saved) => {
            setEditing(false);
            props.onChanged(saved);
          }}
        />
      )}
      {detail && !editing && (
        <>
          <ParcelActions
            detail={detail}
            reloading={parcel.state === 'loading'}
            onEdit={() => setEditing(true)}
            onEditBoundary={() => props.onEditBoundary(detail)}
            onDeleted={props.onDeleted}
          />
          <PrintDossier parcelId={detail.properties.id} code={detail.properties.code} />
          <ParcelBody detail={detail} onChanged={props.onChanged} onPreviewBoundary={props.onPreviewBoundary} />
        </>
      )}
    </section>
  );
}

interface ParcelBodyProps {
  detail: ParcelDetail;
  onChanged: ParcelPanelProps['onChanged'];
  onPreviewBoundary: ParcelPanelProps['onPreviewBoundary'];
}

function ParcelBody({ detail, onChanged, onPreviewBoundary }: ParcelBodyProps) {
  const p = detail.properties;
  const { user } = useSession();
  const [restoring, setRestoring] = useState<number | null>(null);
  const [restoreError, setRestoreError] = useState<string | null>(null);

  const restore = async (entry: HistoryEntry) => {
    setRestoring(entry.id);
    setRestoreError(null);
    try {
      const restored = await sendJson<ParcelFeature>('POST', `/api/parcels/${p.id}/restore`, { version: p.version, historyId: entry.id });
      onPreviewBoundary(null);
      onChanged(restored);
    } catch (e) {
      const conflict = e instanceof ApiError && e.code === 'version_conflict';
      setRestoreError(conflict ? '地块已被他人修改，已重新加载，请确认后再恢复' : e instanceof Error ? e.message : String(e));
      if (conflict) onChanged(null);
    } finally {
      setRestoring(null);
    }
  };

  return (
    <div className="parcel-panel__body">
      <div className="badges">
        <span className="badge" style={{ borderColor: CATEGORY_COLORS[p.category] }}>
          <span className="swatch" style={{ background: CATEGORY_COLORS[p.category] }} aria-hidden="true" />
          {CATEGORY_LABELS[p.category]}
        </span>
        <span className={`badge badge--status-${p.status}`}>{STATUS_LABELS[p.status]}</span>
        {p.areaCheck && (
          <span className={`badge ${p.areaCheck.ok ? 'badge--ok' : 'badge--bad'}`}>{p.areaCheck.ok ? '面积相符' : '面积不符'}</span>
        )}
        {p.isDemo && (
          <span className="badge badge--demo" title="演示数据：由程序生成，不是真实台账">
            演示数据
          </span>
        )}
      </div>

      <FieldGroup
        title={FIELD_GROUP_TITLES.basic}
        fields={[
          { label: FIELD_LABELS.ledgerMu, value: <strong className="ledger-mu">{displayText('ledgerMu', p.ledgerMu)}</strong>, testId: 'ledger-mu' },
          { label: '台账所属单位', value: p.unitName },
          {
            label: '所在单位',
            value:
              detail.units.length > 1 ? (
                <ul className="plain-list">
                  {detail.units.map((u) => (
                    <li key={u.unitId}>
                      {u.unitName} {pct(u.share)}
                      {p.areaMu ? `（约 ${mu(u.share * p.areaMu.ellipsoidal)} 亩）` : ''}
                    </li>
                  ))}
                </ul>
              ) : (
                detail.units[0]?.unitName
              ),
          },
          ...rowsOf('basic', p),
        ]}
      />
      <ParcelKeyCases parcelId={p.id} />
      <ParcelAssignment parcel={p} />
      <AreaCheck parcel={p} />
      <FieldGroup title={FIELD_GROUP_TITLES.approval} fields={rowsOf('approval', p)} />
      <FieldGroup title={FIELD_GROUP_TITLES.supply} fields={rowsOf('supply', p)} />
      <IdleSection detail={detail} onChanged={() => onChanged(null)} />
      <FieldGroup title={FIELD_GROUP_TITLES.disposal} fields={rowsOf('disposal', p)}>
        <Disposals
          disposals={detail.disposals}
          disposedMu={detail.disposedMu}
          ledgerMu={p.ledgerMu}
          entry={user && mayEditParcel(user, p) ? { parcel: { id: p.id, code: p.code, category: p.category, ledgerMu: p.ledgerMu, disposedMu: detail.disposedMu }, onSaved: () => onChanged(null) } : null}
        />
      </FieldGroup>
      <Timeline parcelId={p.id} version={p.version} {...(user && mayEditParcel(user, p) ? { onChanged: () => onChanged(null) } : {})} />
      <FieldChecks checks={detail.fieldChecks} />
      <History
        entries={detail.history}
        currentVersion={p.version}
        onPreview={onPreviewBoundary}
        restoring={restoring}
        {...(user && mayEditParcel(user, p) ? { onRestore: (entry: HistoryEntry) => void restore(entry) } : {})}
      />
      {restoreError && (
        <p className="error-box" role="alert">
          {restoreError}
        </p>
      )}
      <p className="hint parcel-panel__footer">
        第 {p.version} 版 · 登记于 {timestampZh(p.createdAt)} · 更新于 {timestampZh(p.updatedAt)}
      </p>
    </div>
  );
}
