/**
 * The server's half of the live checks (POST /api/parcels/check): overlaps with the campaign's other parcels in mu,
 * and whether the boundary lies within the signed-in editor's units. Asked once the pointer rests, not per move.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import { useEffect, useState } from 'react';
import type { AreasMu } from '../../../core/area/index.ts';
import type { OutsideUnits } from '../../../server/parcels/permissions.ts';
import { ApiError, sendJson } from '../../api/client.ts';
import { useDebounced } from '../search/use-debounced.ts';

interface ServerCheck {
  problems: { code: string; message: string }[];
  areaMu: AreasMu | null;
  overlaps: { id: number; code: string; overlapMu: number }[];
  /** null: not an editor limited to units (or not signed in). */
  withinUserUnits: boolean | null;
  /** When outside: the editor's units, the mu outside them and the units it reaches into. */
  outsideUserUnits: OutsideUnits | null;
}

export type ServerCheckState = { state: 'idle' } | { state: 'checking' } | { state: 'done'; result: ServerCheck } | { state: 'failed'; message: string };

export function useBoundaryCheck(campaignId: number, polygon: Polygon | MultiPolygon | null, parcelId: number | null): ServerCheckState {
  const key = useDebounced(polygon ? JSON.stringify(polygon) : null, 500);
  const [check, setCheck] = useState<ServerCheckState>({ state: 'idle' });
  useEffect(() => {
    if (key === null) {
      setCheck({ state: 'idle' });
      return;
    }
    let current = true;
    setCheck({ state: 'checking' });
    sendJson<ServerCheck>('POST', '/api/parcels/check', { campaignId, parcelId, geometry: JSON.parse(key) }).then(
      (result) => current && setCheck({ state: 'done', result: result! }),
      (error: unknown) => {
        if (!current) return;
        // A server without the check yet: the local checks still stand, overlaps simply go unshown.
        if (error instanceof ApiError && error.status === 404) setCheck({ state: 'idle' });
        else setCheck({ state: 'failed', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      current = false;
    };
  }, [campaignId, key, parcelId]);
  return check;
}
