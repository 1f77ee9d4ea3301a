/**
 * Adding or editing a tile service (XYZ, WMTS) or 天地图 with a key. The server checks everything (core/basemaps/
 * layer-input.ts); its problems are shown beside the fields they name.
 */
import { useState } from 'react';
import type { BaseLayerView } from '../../../core/basemaps/view.ts';
import { BASE_LAYER_LIMITS } from '../../../core/basemaps/layer-input.ts';
import { ApiError, sendJson } from '../../api/client.ts';
import { Field } from '../campaign-setup/step-definition.tsx';
import { FormFooter } from './form-footer.tsx';

type Kind = 'xyz' | 'wmts' | 'tianditu';

interface Draft {
  kind: Kind;
  name: string;
  attribution: string;
  url: string;
  key: string;
  layer: 'vec' | 'img';
  maxZoom: string;
  crs: string;
}

const PLACEHOLDERS: Record<Kind, string> = {
  xyz: 'https://影像服务器/tiles/{z}/{x}/{y}.png',
  wmts: 'https://节点/wmts?SERVICE=WMTS&REQUEST=GetTile&LAYER=img&TILEMATRIXSET=w&TILEMATRIX={TileMatrix}&TILEROW={TileRow}&TILECOL={TileCol}',
  tianditu: '',
};

function draftOf(layer: BaseLayerView | null): Draft {
  if (!layer) return { kind: 'xyz', name: '', attribution: '', url: '', key: '', layer: 'vec', maxZoom: '18', crs: 'EPSG:3857' };
  return {
    kind: layer.kind === 'pmtiles' ? 'xyz' : layer.kind,
    name: layer.name,
    attribution: layer.attribution,
    url: layer.url ?? '',
    key: layer.tiandituKey ?? '',
    layer: layer.tiandituLayer ?? 'vec',
    maxZoom: String(layer.maxZoom),
    crs: 'EPSG:3857',
  };
}

function bodyOf(d: Draft, editingPackage: boolean): Record<string, unknown> {
  if (editingPackage) return { name: d.name, attribution: d.attribution };
  if (d.kind === 'tianditu') return { kind: d.kind, name: d.name, attribution: d.attribution, key: d.key, layer: d.layer, maxZoom: d.maxZoom };
  return { kind: d.kind, name: d.name, attribution: d.attribution, url: d.url, maxZoom: d.maxZoom, crs: d.crs };
}

/** `layer`: the one being edited (null: a new one). */
export function LayerForm(props: { layer: BaseLayerView | null; onDone: () => void; onCancel: () => void }) {
  const [d, setDraft] = useState<Draft>(() => draftOf(props.layer));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<Draft>) => setDraft({ ...d, ...patch });
  const editingPackage = props.layer?.kind === 'pmtiles';

  const submit = async () => {
    setBusy(true);
    setError(null);
    setProblems({});
    try {
      const body = bodyOf(d, editingPackage);
      if (props.layer) await sendJson('PUT', `/api/basemaps/${props.layer.id}`, body);
      else await sendJson('POST', '/api/basemaps', body);
      props.onDone();
    } catch (e) {
      const listed = e instanceof ApiError && Array.isArray(e.extra.problems) ? (e.extra.problems as Array<{ field: string; message: string }>) : [];
      setProblems(Object.fromEntries(listed.map((p) => [p.field, p.message])));
      // Field problems are shown beside their fields; only what names no field needs a message of its own.
      setError(listed.length ? null : e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="setup-form basemap-form"
      data-testid="basemap-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {!props.layer && (
        <Field label="类型" error={problems.kind}>
          <select value={d.kind} onChange={(e) => set({ kind: e.target.value as Kind })}>
            <option value="xyz">XYZ 瓦片服务</option>
            <option value="wmts">WMTS 服务（KVP 或 REST 模板）</option>
            <option value="tianditu">天地图（需密钥）</option>
          </select>
        </Field>
      )}
      <Field label="名称" error={problems.name}>
        <input value={d.name} maxLength={BASE_LAYER_LIMITS.name} placeholder={d.kind === 'tianditu' ? '天地图矢量' : '如：市局 2023 年影像'} onChange={(e) => set({ name: e.target.value })} />
      </Field>
      <Field label="版权说明（显示在地图上）" error={problems.attribution} wide>
        <input value={d.attribution} maxLength={BASE_LAYER_LIMITS.attribution} placeholder={d.kind === 'tianditu' ? '底图 © 天地图（国家地理信息公共服务平台）' : '影像 © 某某市自然资源和规划局'} onChange={(e) => set({ attribution: e.target.value })} />
      </Field>
      {!editingPackage && d.kind !== 'tianditu' && (
        <>
          <Field label="瓦片地址模板" error={problems.url} wide>
            <input value={d.url} maxLength={BASE_LAYER_LIMITS.url} placeholder={PLACEHOLDERS[d.kind]} onChange={(e) => set({ url: e.target.value })} className="mono" />
          </Field>
          <Field label="坐标系" error={problems.crs}>
            <input value={d.crs} maxLength={40} onChange={(e) => set({ crs: e.target.value })} />
          </Field>
        </>
      )}
      {!editingPackage && d.kind === 'tianditu' && (
        <>
          <Field label="天地图密钥（Key）" error={problems.key}>
            <input value={d.key} maxLength={BASE_LAYER_LIMITS.key} className="mono" onChange={(e) => set({ key: e.target.value })} />
          </Field>
          <Field label="图层" error={problems.layer}>
            <select value={d.layer} onChange={(e) => set({ layer: e.target.value as 'vec' | 'img' })}>
              <option value="vec">矢量（含注记）</option>
              <option value="img">影像（含注记）</option>
            </select>
          </Field>
        </>
      )}
      {!editingPackage && (
        <Field label="最大级别" error={problems.maxZoom}>
          <input type="number" min={0} max={24} value={d.maxZoom} onChange={(e) => set({ maxZoom: e.target.value })} />
        </Field>
      )}
      {!editingPackage && d.kind !== 'tianditu' && (
        <p className="hint setup-form__wide">仅支持 Web 墨卡托（EPSG:3857）瓦片：CGCS2000 经纬度瓦片（EPSG:4490，如天地图 _c 服务）无法与地图叠加，会被拒绝。</p>
      )}
      <FormFooter error={error} busy={busy} onCancel={props.onCancel}>
        <button type="submit" className="button" disabled={busy}>
          {busy ? '正在保存…' : props.layer ? '保存修改' : '添加底图'}
        </button>
      </FormFooter>
    </form>
  );
}
