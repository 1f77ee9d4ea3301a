/**
 * 批供比对 on the map: a toggle over the map; when on, the overlay's layers and a panel listing each batch's approved,
 * supplied and remaining mu against the ledger, with the step that turns a remainder into 批而未供 parcels.
 */
import type { FeatureCollection, Geometry } from 'geojson';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import { bbox } from '@turf/turf';
import { mayEditParcels } from '../../../core/roles.ts';
import { query } from '../../api/client.ts';
import { dataOf, useApi } from '../../api/use-api.ts';
import { useSession } from '../auth/session.tsx';
import { hideOverlay, showOverlay } from './layers.ts';
import { OverlayPanel } from './overlay-panel.tsx';
import type { ApprovalOverlay as Answer } from './types.ts';
import './overlay.css';

interface Props {
  map: MapLibreMap;
  campaignId: number;
  /** Raised by any saved change; the overlay's ledger figures depend on the parcels. */
  revision: number;
  onConverted: () => void;
}

export function ApprovalOverlay({ map, campaignId, revision, onConverted }: Props) {
  const [open, setOpen] = useState(false);
  const [selected, setSelected] = useState<number | null>(null);
  const [own, setOwn] = useState(0);
  const { user } = useSession();
  const panel = useRef<HTMLElement>(null);
  const rev = revision + own || null;
  const answer = useApi<Answer>(open ? `/api/campaigns/${campaignId}/approval-overlay${query({ rev })}` : null, campaignId);
  const features = useApi<FeatureCollection>(open ? `/api/campaigns/${campaignId}/approval-overlay/features${query({ rev })}` : null, campaignId);
  const shapes = open ? dataOf(features) : null;

  useEffect(() => {
    if (!shapes) return;
    showOverlay(map, shapes, selected);
  }, [map, shapes, selected]);

  useEffect(() => {
    if (!open) hideOverlay(map);
    return () => hideOverlay(map);
  }, [map, open]);

  useEffect(() => {
    setSelected(null);
  }, [campaignId]);

  const select = (id: number) => {
    setSelected(id);
    const batch = shapes?.features.find((f) => f.properties?.kind === 'batch' && f.properties.batchId === id);
    if (!batch) return;
    // The panel floats over the map's left side: frame the batch in the part of the map still in view.
    const container = map.getContainer().getBoundingClientRect();
    const box = panel.current?.getBoundingClientRect();
    const panelRight = box ? box.right - container.left : 0;
    // Beside the panel on a desk; above it on a phone, where it covers the lower half.
    const beside = panelRight > 0 && container.width - panelRight > 240;
    const below = !beside && box ? Math.max(0, container.bottom - box.top) : 0;
    const [w, s, e, n] = bbox(batch.geometry as Geometry);
    map.fitBounds([w!, s!, e!, n!], { padding: { top: 40, bottom: 40 + below, right: 40, left: beside ? panelRight + 30 : 40 }, maxZoom: 15.5, duration: 900 });
  };

  return (
    <>
      <button type="button" className="button overlay-toggle" aria-pressed={open} onClick={() => setOpen((o) => !o)}>
        {open ? '关闭批供比对' : '批供比对'}
      </button>
      {open && (
        <OverlayPanel
          ref={panel}
          campaignId={campaignId}
          answer={answer}
          selectedBatchId={selected}
          mayEdit={user ? mayEditParcels(user.role) : false}
          onSelect={select}
          onClose={() => setOpen(false)}
          onConverted={() => {
            setOwn((n) => n + 1);
            onConverted();
          }}
        />
      )}
    </>
  );
}
