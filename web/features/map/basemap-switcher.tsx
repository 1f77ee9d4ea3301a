/** Choosing the basemap. Tianditu needs a key on the server; without one only the offline base is offered, and we say why. */
import { BASEMAP_LABELS, type Basemap } from './basemaps.ts';

const ORDER: Basemap[] = ['offline', 'vector', 'imagery'];

export function BasemapSwitcher(props: { value: Basemap; hasTianditu: boolean; onChange: (basemap: Basemap) => void }) {
  return (
    <div className="basemap-switcher" role="group" aria-label="底图">
      {ORDER.map((basemap) => {
        const disabled = basemap !== 'offline' && !props.hasTianditu;
        return (
          <button
            key={basemap}
            type="button"
            className="basemap-switcher__option"
            aria-pressed={props.value === basemap}
            disabled={disabled}
            title={disabled ? '服务器未配置天地图密钥（TIANDITU_KEY），暂不能使用在线底图' : BASEMAP_LABELS[basemap]}
            onClick={() => props.onChange(basemap)}
          >
            {BASEMAP_LABELS[basemap]}
          </button>
        );
      })}
    </div>
  );
}
