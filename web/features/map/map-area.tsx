/** The map with what sits on it: the basemap switcher, and notices for loading, errors and campaigns with nothing to draw. */
import type { LngLat, Map as MapLibreMap } from 'maplibre-gl';
import { useState, type ReactNode } from 'react';
import type { AppConfig, CampaignDetail } from '../../api/types.ts';
import type { Remote } from '../../api/use-api.ts';
import type { MapView as View } from '../../url-state.ts';
import type { ParcelFilters } from '../filters/parcel-filters.ts';
import { layerById, NONE, useBaseLayers } from '../basemaps/use-base-layers.ts';
import { BasemapSwitcher } from './basemap-switcher.tsx';
import { MapView } from './map-view.tsx';
import type { UnitLabel } from './unit-labels.ts';
import './map.css';

interface MapAreaProps {
  config: AppConfig;
  detail: Remote<CampaignDetail>;
  /** The campaign on the map: the chosen one, or the previous one while the chosen one loads. */
  campaign: CampaignDetail | null;
  initialView: View | null;
  filters: ParcelFilters;
  selectedParcelId: number | null;
  unitLabels: UnitLabel[];
  /** The base layer the person chose (null: the default the admin set). */
  basemap: string | null;
  onBasemapChange: (basemap: string) => void;
  /** The map once its style has loaded (see MapView). */
  onMapReady: (map: MapLibreMap) => void;
  onSelectParcel: (id: number, at: LngLat) => void;
  onViewChange: (view: View) => void;
  /** Raised after edits, so the parcel tiles are fetched anew. */
  tilesRevision: number;
  /** Controls laid over the map (e.g. 新建地块). */
  children?: ReactNode;
}

function EmptyNotice({ campaign }: { campaign: CampaignDetail }) {
  const withBoundary = campaign.units.features.filter((u) => u.properties.hasBoundary).length;
  if (withBoundary === 0) {
    return (
      <div className="map-notice" role="status">
        <h2>该专项行动的单位暂无边界数据</h2>
        <p>
          {campaign.levelUnit.name}的 {campaign.unitCount} 个单位尚未导入边界{campaign.parcelCount === 0 ? '，也暂无地块' : ''}，地图上暂无可显示的内容。
        </p>
        <p>右侧“任务进度”照常列出全部单位；导入单位边界与地块图形（界址点坐标文件、Shapefile 或 GeoJSON）后即可上图。</p>
      </div>
    );
  }
  if (campaign.parcelCount === 0) {
    return (
      <div className="map-notice map-notice--small" role="status">
        <h2>暂无地块</h2>
        <p>该专项行动尚未登记地块。</p>
      </div>
    );
  }
  return null;
}

export function MapArea(props: MapAreaProps) {
  const { detail, campaign } = props;
  const baseLayers = useBaseLayers();
  const chosen = props.basemap ?? baseLayers?.defaultId ?? NONE;
  const baseLayer = layerById(baseLayers, chosen);
  // Which basemap failed, so the warning goes away once the user switches to another.
  const [failedBasemap, setFailedBasemap] = useState<string | null>(null);
  return (
    <main className="map-area" aria-label="地图">
      {campaign && (
        <MapView
          campaign={campaign}
          initialView={props.initialView}
          filters={props.filters}
          selectedParcelId={props.selectedParcelId}
          unitLabels={props.unitLabels}
          baseLayer={baseLayer}
          onMapReady={props.onMapReady}
          onSelectParcel={props.onSelectParcel}
          onViewChange={props.onViewChange}
          tilesRevision={props.tilesRevision}
          onBasemapError={() => setFailedBasemap(chosen)}
        />
      )}
      {props.children}
      <BasemapSwitcher list={baseLayers} value={baseLayer ? chosen : NONE} onChange={props.onBasemapChange} />
      {detail.state === 'loading' && <div className="map-loading" role="status">正在加载专项行动…</div>}
      {failedBasemap !== null && failedBasemap === chosen && baseLayer && (
        <div className="map-loading map-loading--warn" role="alert">
          底图“{baseLayer.name}”部分瓦片加载失败（可能无法访问该服务或密钥无效），可切换为“单位边界”
        </div>
      )}
      {detail.state === 'error' && (
        <div className="map-notice map-notice--error" role="alert">
          <h2>无法加载专项行动</h2>
          <p>{detail.message}</p>
        </div>
      )}
      {detail.state === 'ready' && <EmptyNotice campaign={detail.data} />}
    </main>
  );
}
