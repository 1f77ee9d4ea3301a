/**
 * The base layers the server offers (GET /api/basemaps), shared by the desk, the wall and the field app; read again when
 * the admin changes them on this page (BASE_LAYERS_CHANGED). The service worker keeps the last answer for the field
 * app offline.
 */
import { useEffect, useState } from 'react';
import type { BaseLayerList, BaseLayerView } from '../../../core/basemaps/view.ts';
import { getJson } from '../../api/client.ts';

export interface BaseLayersAnswer extends BaseLayerList {
  limits: { packageBytes: number };
}

export const NONE = 'none';

/** Sent on window by the admin dialog after any change, so every map on the page reads the list again. */
export const BASE_LAYERS_CHANGED = 'panhuo:base-layers-changed';

export const announceBaseLayersChanged = () => window.dispatchEvent(new Event(BASE_LAYERS_CHANGED));

/** The list, or null while it loads or when it cannot be had (the maps then draw unit boundaries only). */
export function useBaseLayers(): BaseLayersAnswer | null {
  const [list, setList] = useState<BaseLayersAnswer | null>(null);
  const [revision, setRevision] = useState(0);
  useEffect(() => {
    const changed = () => setRevision((r) => r + 1);
    window.addEventListener(BASE_LAYERS_CHANGED, changed);
    return () => window.removeEventListener(BASE_LAYERS_CHANGED, changed);
  }, []);
  useEffect(() => {
    const controller = new AbortController();
    getJson<BaseLayersAnswer>('/api/basemaps', controller.signal).then(setList, () => {
      if (!controller.signal.aborted) setList(null);
    });
    return () => controller.abort();
  }, [revision]);
  return list;
}

/** The layer with `id` (NONE or an unknown id: none). */
export const layerById = (list: BaseLayerList | null, id: string | null): BaseLayerView | null => list?.layers.find((l) => l.id === id) ?? null;

/** The layer every map opens on. */
export const defaultLayer = (list: BaseLayerList | null): BaseLayerView | null => layerById(list, list?.defaultId ?? null);
