/**
 * 新建地块 / 编辑边界: the side panel of a drawing session. It runs the terra-draw session on the map, shows the live
 * checks, and saves: a new parcel with the ledger fields typed here (POST), or an existing one with its new boundary
 * (PUT with the version loaded). Esc (outside a form field) cancels.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import type { ParcelDetail, ParcelFeature, Tolerance } from '../../api/types.ts';
import { editLimitedToUnits } from '../../../core/roles.ts';
import { useSession } from '../auth/session.tsx';
import { hideEditMask, showEditMask } from './edit-mask.ts';
import { assemble, disassemble, type Role } from './assemble.ts';
import { ConflictView } from './conflict-view.tsx';
import { DrawSession } from './draw-session.ts';
import { EMPTY_FORM, formFromFields, recordFromForm, type FormValues } from './form-values.ts';
import { LiveCheck, localProblems } from './live-check.tsx';
import { ParcelForm } from './parcel-form.tsx';
import { useBoundaryCheck } from './use-boundary-check.ts';
import { useParcelSave } from './use-parcel-save.ts';
import './editing.css';

export type DrawTarget = { kind: 'new' } | { kind: 'boundary'; detail: ParcelDetail };

interface DrawingPanelProps {
  map: MapLibreMap;
  campaignId: number;
  /** The campaign's area tolerance, for the live ledger check. */
  tolerance: Tolerance;
  target: DrawTarget;
  onSaved: (parcel: ParcelFeature) => void;
  onCancel: () => void;
}

/** What the polygon last closed became, said in the live panel. */
function noteFor(adding: 'hole' | 'part' | null, role: Role | null, parts: number): string | null {
  if (adding === null || role === null) return null;
  if (role === 'hole') return adding === 'hole' ? '✓ 新多边形位于外环内，已作为内环（洞）扣除' : '新多边形位于现有外环内，已作为内环（洞）扣除，而非新部分';
  return adding === 'part'
    ? `✓ 新多边形位于外环外，已作为新的地块部分（共 ${parts} 个部分）`
    : `新多边形不在任何外环内，已作为新的地块部分（共 ${parts} 个部分），而非内环`;
}

function countParts(g: Polygon | MultiPolygon | null): number {
  return g === null ? 0 : g.type === 'Polygon' ? 1 : g.coordinates.length;
}

export function DrawingPanel({ map, campaignId, tolerance, target, onSaved, onCancel }: DrawingPanelProps) {
  const existing = target.kind === 'boundary' ? target.detail : null;
  const [polygons, setPolygons] = useState<Polygon[]>([]);
  const [closed, setClosed] = useState(false);
  // What the editor asked to draw next with 添加内环 / 添加地块部分; the containment decides what it becomes.
  const [adding, setAdding] = useState<'hole' | 'part' | null>(null);
  const [lastCount, setLastCount] = useState(0);
  const [history, setHistory] = useState({ undo: false, redo: false });
  const [values, setValues] = useState(() => (existing ? formFromFields(existing.properties) : EMPTY_FORM));
  // Bumped by 重新绘制: a fresh session with an empty store.
  const [attempt, setAttempt] = useState(0);
  const session = useRef<DrawSession | null>(null);
  const saving = useParcelSave(onSaved);
  const { user } = useSession();
  const maskUnits = user && editLimitedToUnits(user.role) ? user.unitIds.join(',') : null;
  const edit = (next: FormValues, changed: keyof FormValues) => {
    setValues(next);
    saving.clearError(changed);
  };
  const assembled = assemble(polygons);
  const polygon: Polygon | MultiPolygon | null = assembled.geometry;
  const server = useBoundaryCheck(campaignId, closed ? polygon : null, existing?.properties.id ?? null);
  // The polygon drawn last (terra-draw appends) is the one 添加… asked for.
  const note = closed && polygons.length === lastCount && lastCount > 1 ? noteFor(adding, assembled.roles[polygons.length - 1] ?? null, countParts(polygon)) : null;

  useEffect(() => {
    setAdding(null);
    const s = new DrawSession(map, attempt === 0 && existing ? disassemble(existing.geometry) : [], existing?.properties.id ?? null, {
      onChange: (p, c) => {
        setPolygons(p);
        setClosed(c);
      },
      onHistory: (undo, redo) => setHistory({ undo, redo }),
    });
    session.current = s;
    return () => {
      s.stop();
      session.current = null;
    };
  }, [map, existing, attempt]);

  // An editor limited to units sees where they may draw: everything else greyed out.
  useEffect(() => {
    if (maskUnits === null) return;
    void showEditMask(map, maskUnits.split(',').map(Number));
    return () => hideEditMask(map);
  }, [map, maskUnits]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      if ((event.target as HTMLElement | null)?.closest('input, select, textarea')) return;
      event.preventDefault();
      onCancel();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onCancel]);

  const ledgerText = recordFromForm(values).ledgerMu;
  const ledgerMu = typeof ledgerText === 'number' ? ledgerText : null;
  const problems = localProblems(polygon);
  // Outside the editor's units the server would refuse: said live, and the save waits until the boundary is back inside.
  const outside = server.state === 'done' && server.result.withinUserUnits === false;
  const canSave = closed && polygon !== null && problems.length === 0 && !outside && !saving.busy;

  const startAnother = (kind: 'hole' | 'part') => {
    setAdding(kind);
    setLastCount(polygons.length + 1);
    session.current?.drawAnother();
  };

  const save = () => {
    if (!polygon) return;
    saving.save(existing ? { id: existing.properties.id, version: existing.properties.version } : { campaignId }, values, polygon);
  };

  if (saving.conflict) {
    return (
      <section className="drawing-panel">
        <ConflictView
          theirs={saving.conflict.theirs}
          mine={saving.conflict.mine}
          busy={saving.busy}
          onKeepTheirs={() => onSaved(saving.conflict!.theirs)}
          onOverwrite={() => saving.overwrite(false)}
        />
      </section>
    );
  }

  return (
    <section
      className="drawing-panel"
      data-testid="drawing-panel"
      aria-labelledby="drawing-title"
      // The polygons as drawn (before assembly), for tests and debugging: what a click turned into after snapping.
      data-polygons={JSON.stringify(polygons.map((p) => p.coordinates[0]))}
    >
      <header className="drawing-panel__header">
        <div>
          <p className="eyebrow">{existing ? `地块 ${existing.properties.code}` : '台账登记'}</p>
          <h2 id="drawing-title">{existing ? '编辑边界' : '新建地块'}</h2>
        </div>
        <button type="button" className="icon-button" aria-label="取消绘制（Esc）" title="取消（Esc）" onClick={onCancel}>
          ×
        </button>
      </header>
      <p className="drawing-panel__help">
        {closed
          ? '拖动白色界址点调整边界，拖动边中点可插入新点，右键点击界址点可删除；有内环或多个部分时，点击其中一个多边形即可编辑它的界址点。'
          : '在地图上依次点击界址点；点击起点、双击或按 Enter 闭合。Esc 取消。'}
      </p>
      <div className="drawing-panel__tools" role="toolbar" aria-label="绘制工具">
        <button type="button" className="button button--small button--quiet" disabled={!history.undo} onClick={() => session.current?.undo()} title="撤销（Ctrl+Z）">
          ↶ 撤销
        </button>
        <button type="button" className="button button--small button--quiet" disabled={!history.redo} onClick={() => session.current?.redo()} title="重做（Ctrl+Shift+Z）">
          ↷ 重做
        </button>
        <button type="button" className="button button--small button--quiet" onClick={() => setAttempt((n) => n + 1)}>
          重新绘制
        </button>
      </div>
      <div className="drawing-panel__tools" role="toolbar" aria-label="内环与多部分">
        <button
          type="button"
          className="button button--small button--quiet"
          disabled={!closed}
          title="在外环内画一个多边形，作为洞从地块中扣除"
          onClick={() => startAnother('hole')}
        >
          添加内环（洞）
        </button>
        <button
          type="button"
          className="button button--small button--quiet"
          disabled={!closed}
          title="在外环外画一个多边形，作为同一地块的另一部分"
          onClick={() => startAnother('part')}
        >
          添加地块部分
        </button>
      </div>
      {adding && !closed && (
        <p className="hint" data-testid="draw-adding">
          {adding === 'hole' ? '在外环内依次点击内环的界址点，闭合后作为洞扣除。' : '在外环外依次点击新部分的界址点，闭合后并入本地块。'}
        </p>
      )}
      <LiveCheck polygon={polygon} closed={closed} ledgerMu={ledgerMu} tolerance={tolerance} server={server} note={note} />
      <form
        className="editor"
        aria-label={existing ? '保存边界' : '新地块台账信息'}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (canSave) save();
        }}
      >
        {!existing && <ParcelForm values={values} errors={saving.errors} onChange={edit} compact />}
        {saving.message && (
          <p className="error-box" role="alert">
            {saving.message}
          </p>
        )}
        <div className="form-actions form-actions--sticky">
          <button type="button" className="button button--quiet" onClick={onCancel} disabled={saving.busy}>
            取消
          </button>
          <button type="submit" className="button" disabled={!canSave} title={!closed ? '请先闭合边界' : outside ? '边界超出您负责的单位范围，不能保存' : undefined}>
            {saving.busy ? '正在保存…' : existing ? '保存边界' : '保存地块'}
          </button>
        </div>
      </form>
    </section>
  );
}
