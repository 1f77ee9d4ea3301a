/**
 * Choosing the base layer: none (unit boundaries only, works on any network) or one the admin set (管理 → 底图), the
 * default marked; the chosen one's credit shown beneath, as its provider requires.
 */
import type { BaseLayerList } from '../../../core/basemaps/view.ts';
import { NONE } from '../basemaps/use-base-layers.ts';

const KIND_LABELS = { xyz: '瓦片服务', wmts: 'WMTS 服务', tianditu: '天地图', pmtiles: '离线底图包' } as const;

export function BasemapSwitcher(props: { list: BaseLayerList | null; value: string; onChange: (id: string) => void }) {
  const layers = props.list?.layers ?? [];
  const chosen = layers.find((l) => l.id === props.value) ?? null;
  const options = [{ id: NONE, name: '单位边界', title: '不加底图：只画单位边界，无需网络' }, ...layers.map((l) => ({ id: l.id, name: l.name, title: `${KIND_LABELS[l.kind]}${l.origin === 'environment' ? '（服务器 TIANDITU_KEY）' : ''}` }))];
  return (
    <div className="basemap-switcher" data-testid="basemap-switcher">
      <div className="basemap-switcher__options" role="group" aria-label="底图">
        {options.map((o) => (
          <button key={o.id} type="button" className="basemap-switcher__option" aria-pressed={props.value === o.id} title={o.title} onClick={() => props.onChange(o.id)}>
            {o.name}
            {props.list?.defaultId === o.id || (props.list?.defaultId === null && o.id === NONE) ? <span className="basemap-switcher__default">默认</span> : null}
          </button>
        ))}
      </div>
      {/* On the same row, so the bar keeps its height (the controls under it are placed by it). */}
      {chosen?.attribution ? (
        <p className="basemap-switcher__credit" data-testid="basemap-credit" title={chosen.attribution}>
          {chosen.attribution}
        </p>
      ) : (
        layers.length === 0 && props.list && <p className="basemap-switcher__credit">管理员可在“管理 → 底图设置”中添加底图</p>
      )}
    </div>
  );
}
