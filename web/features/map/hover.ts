/** A pointer over a parcel shows what it is before anyone clicks: code, category, status, ledger area. */
import { Popup, type Map as MapLibreMap, type MapLayerMouseEvent } from 'maplibre-gl';
import { useEffect } from 'react';
import { CATEGORY_LABELS, STATUS_LABELS, isOneOf, CATEGORIES, STATUSES } from '../../../core/categories.ts';
import { PARCEL_FILL_LAYER } from './layers.ts';

function tooltip(properties: Record<string, unknown>): HTMLElement {
  const root = document.createElement('div');
  root.className = 'parcel-tooltip';
  const { code, category, status, ledgerMu, areaOk } = properties;
  const line = (text: string, className: string) => {
    const el = document.createElement('div');
    el.className = className;
    el.textContent = text;
    root.append(el);
  };
  line(String(code ?? ''), 'parcel-tooltip__code');
  const kind = [isOneOf(CATEGORIES, category) ? CATEGORY_LABELS[category] : '', isOneOf(STATUSES, status) ? STATUS_LABELS[status] : '']
    .filter(Boolean)
    .join(' · ');
  line(kind, 'parcel-tooltip__kind');
  if (typeof ledgerMu === 'number') line(`台账面积 ${ledgerMu.toFixed(2)} 亩`, 'parcel-tooltip__area');
  if (areaOk === false) line('面积不符：台账与图形面积超出容差', 'parcel-tooltip__warn');
  return root;
}

export function useParcelHover(map: MapLibreMap | null): void {
  useEffect(() => {
    if (!map) return;
    const popup = new Popup({ closeButton: false, closeOnClick: false, offset: 12, className: 'parcel-popup', maxWidth: '260px' });
    const onMove = (event: MapLayerMouseEvent) => {
      const feature = event.features?.[0];
      if (!feature) return;
      map.getCanvas().style.cursor = 'pointer';
      popup.setLngLat(event.lngLat).setDOMContent(tooltip(feature.properties)).addTo(map);
    };
    const onLeave = () => {
      map.getCanvas().style.cursor = '';
      popup.remove();
    };
    map.on('mousemove', PARCEL_FILL_LAYER, onMove);
    map.on('mouseleave', PARCEL_FILL_LAYER, onLeave);
    return () => {
      map.off('mousemove', PARCEL_FILL_LAYER, onMove);
      map.off('mouseleave', PARCEL_FILL_LAYER, onLeave);
      popup.remove();
    };
  }, [map]);
}
