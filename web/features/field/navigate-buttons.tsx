/** Hand the parcel to the phone's map app: AMap, Baidu or Tencent, each in its own coordinate system. */
import type { MultiPolygon, Polygon } from 'geojson';
import { pointOnSurface } from '../../../core/geodesy.ts';
import { navigationLinks } from '../../../core/navigation.ts';
import type { Fix } from './types.ts';

const VENDORS = [
  { key: 'amap', label: '高德' },
  { key: 'baidu', label: '百度' },
  { key: 'tencent', label: '腾讯' },
] as const;

export function NavigateButtons(props: { geometry: Polygon | MultiPolygon | null; name: string; fix: Fix | null }) {
  if (!props.geometry) return null;
  // A point on the parcel itself: a centroid can fall outside an L-shaped parcel.
  const destination = pointOnSurface(props.geometry);
  const links = navigationLinks({ ...destination, name: props.name }, props.fix ? { lon: props.fix.lon, lat: props.fix.lat, name: '我的位置' } : null);
  return (
    <div className="field-nav" role="group" aria-label="导航到地块" data-lon={destination.lon} data-lat={destination.lat}>
      <span className="field-nav__label">导航</span>
      {VENDORS.map((v) => (
        <a key={v.key} className="field-nav__link" href={links[v.key]} target="_blank" rel="noopener noreferrer" data-vendor={v.key}>
          {v.label}
        </a>
      ))}
    </div>
  );
}
