/**
 * 管理 → 底图设置 (admins): the base layers every map offers, in order, and the one they open on; adding a tile service,
 * 天地图 with a key, or an offline package; editing and deleting. Every change is saved at once and the maps on this
 * page follow (BASE_LAYERS_CHANGED).
 */
import { useState } from 'react';
import type { BaseLayerView } from '../../../core/basemaps/view.ts';
import { sendJson } from '../../api/client.ts';
import { SheetDialog } from '../campaign-setup/sheet-dialog.tsx';
import { formatBytes } from '../field/offline/download.ts';
import { LayerForm } from './layer-form.tsx';
import { PackageUpload } from './package-upload.tsx';
import { announceBaseLayersChanged, NONE, useBaseLayers } from './use-base-layers.ts';
import './basemaps.css';

type Editing = { kind: 'none' } | { kind: 'layer'; layer: BaseLayerView | null } | { kind: 'package' };

const KIND_LABELS = { xyz: 'XYZ', wmts: 'WMTS', tianditu: '天地图', pmtiles: '离线包' } as const;
const TILE_TYPES = { mvt: '矢量 MVT', png: 'PNG 影像', jpeg: 'JPEG 影像', webp: 'WebP 影像' } as const;

function detail(layer: BaseLayerView): string {
  if (layer.package) {
    const [w, s, e, n] = layer.package.bounds.map((v) => v.toFixed(2));
    return `${TILE_TYPES[layer.package.tileType]}，${formatBytes(layer.package.bytes)}，${layer.minZoom}–${layer.maxZoom} 级，范围 ${w}–${e}°E、${s}–${n}°N`;
  }
  if (layer.kind === 'tianditu') return `${layer.tiandituLayer === 'img' ? '影像' : '矢量'}＋注记，1–${layer.maxZoom} 级${layer.origin === 'environment' ? '，来自服务器环境变量 TIANDITU_KEY' : ''}`;
  return `${layer.url ?? ''}（至 ${layer.maxZoom} 级）`;
}

export function BasemapDialog(props: { onClose: () => void }) {
  const list = useBaseLayers();
  const [editing, setEditing] = useState<Editing>({ kind: 'none' });
  const [error, setError] = useState<string | null>(null);
  const layers = list?.layers ?? [];
  const own = layers.filter((l) => l.origin === 'admin');

  const changed = () => {
    setEditing({ kind: 'none' });
    announceBaseLayersChanged();
  };
  const act = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
      changed();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const arrange = (order: string[], defaultId: string | null) =>
    act(() => sendJson('PUT', '/api/basemaps/arrangement', { order, defaultId: defaultId ?? NONE }));
  const move = (id: string, by: -1 | 1) => {
    const ids = own.map((l) => l.id);
    const at = ids.indexOf(id);
    const to = at + by;
    if (to < 0 || to >= ids.length) return;
    [ids[at], ids[to]] = [ids[to]!, ids[at]!];
    void arrange(ids, list?.defaultId ?? null);
  };
  const remove = (layer: BaseLayerView) => {
    if (window.confirm(`删除底图“${layer.name}”？${layer.package ? '离线底图包文件也将删除。' : ''}`)) void act(() => sendJson('DELETE', `/api/basemaps/${layer.id}`));
  };
  const defaultId = list?.defaultId ?? null;

  return (
    <SheetDialog title="底图设置" testId="basemap-dialog" onClose={props.onClose}>
      <div className="setup-step">
        <p className="hint">各地图（桌面、挂图作战、外业）按此顺序列出底图，默认底图为打开时显示的底图。外业“离线保存”会一并保存覆盖所选单位的离线底图包。</p>
        {error && (
          <p className="error-box" role="alert">
            {error}
          </p>
        )}
        <div className="setup-table-wrap">
          <table className="setup-table basemap-table" data-testid="basemap-list">
            <thead>
              <tr>
                <th>默认</th>
                <th>名称</th>
                <th>类型</th>
                <th>说明</th>
                <th>版权说明</th>
                <th />
              </tr>
            </thead>
            <tbody>
              <tr>
                <td>
                  <input type="radio" name="basemap-default" aria-label="默认：单位边界" checked={defaultId === null} onChange={() => void arrange(own.map((l) => l.id), null)} />
                </td>
                <td>单位边界</td>
                <td>—</td>
                <td className="hint">不加底图，只画单位边界；任何网络下可用</td>
                <td />
                <td />
              </tr>
              {layers.map((layer, i) => (
                <tr key={layer.id}>
                  <td>
                    <input type="radio" name="basemap-default" aria-label={`默认：${layer.name}`} checked={defaultId === layer.id} onChange={() => void arrange(own.map((l) => l.id), layer.id)} />
                  </td>
                  <td>
                    <strong>{layer.name}</strong>
                  </td>
                  <td>
                    <span className="tag">{KIND_LABELS[layer.kind]}</span>
                  </td>
                  <td className="basemap-table__detail">{detail(layer)}</td>
                  <td className="basemap-table__credit">{layer.attribution}</td>
                  <td className="basemap-table__actions">
                    {layer.origin === 'admin' ? (
                      <>
                        <button type="button" className="link-button" aria-label={`上移 ${layer.name}`} disabled={i === 0} onClick={() => move(layer.id, -1)}>
                          ↑
                        </button>
                        <button type="button" className="link-button" aria-label={`下移 ${layer.name}`} disabled={i === own.length - 1} onClick={() => move(layer.id, 1)}>
                          ↓
                        </button>
                        <button type="button" className="link-button" onClick={() => setEditing({ kind: 'layer', layer })}>
                          编辑
                        </button>
                        <button type="button" className="link-button" onClick={() => remove(layer)}>
                          删除
                        </button>
                      </>
                    ) : (
                      <span className="hint">环境变量</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {editing.kind === 'none' && (
          <div className="setup-actions basemap-actions">
            <button type="button" className="button button--quiet" onClick={() => setEditing({ kind: 'package' })}>
              上传离线底图包…
            </button>
            <button type="button" className="button" onClick={() => setEditing({ kind: 'layer', layer: null })}>
              添加瓦片服务或天地图…
            </button>
          </div>
        )}
        {editing.kind === 'layer' && (
          <section className="setup-sheet">
            <h3>{editing.layer ? `编辑“${editing.layer.name}”` : '添加瓦片服务或天地图'}</h3>
            <LayerForm key={editing.layer?.id ?? 'new'} layer={editing.layer} onDone={changed} onCancel={() => setEditing({ kind: 'none' })} />
          </section>
        )}
        {editing.kind === 'package' && (
          <section className="setup-sheet">
            <h3>上传离线底图包</h3>
            <PackageUpload limitBytes={list?.limits.packageBytes ?? 0} onDone={changed} onCancel={() => setEditing({ kind: 'none' })} />
          </section>
        )}
      </div>
    </SheetDialog>
  );
}
