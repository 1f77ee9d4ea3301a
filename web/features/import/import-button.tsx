/** 导入 in the top bar: opens the import dialog for editors and admins; others see why they cannot. */
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useState } from 'react';
import { mayEditParcels } from '../../../core/roles.ts';
import { lazyPart } from '../../shell/lazy-part.tsx';
import { useSession } from '../auth/session.tsx';
import type { ImportResult } from './types.ts';

interface ImportButtonProps {
  map: MapLibreMap | null;
  campaignId: number;
  onImported: (result: ImportResult) => void;
}

const ImportDialog = lazyPart(() => import('./import-dialog.tsx').then((m) => m.ImportDialog));

export function ImportButton({ map, campaignId, onImported }: ImportButtonProps) {
  const { user } = useSession();
  const [open, setOpen] = useState(false);
  const allowed = user ? mayEditParcels(user.role) : false;
  return (
    <>
      <button
        type="button"
        className="topbar-action"
        // aria-disabled, not disabled: the button stays focusable, so keyboard users hear why too.
        aria-disabled={!allowed}
        title={allowed ? '从界址点坐标文件、Shapefile、GeoJSON、KML 或 Excel 台账导入地块' : user ? '需要编辑权限' : '需要编辑权限，请先登录'}
        onClick={() => allowed && setOpen(true)}
      >
        导入
      </button>
      {open && allowed && <ImportDialog map={map} campaignId={campaignId} onImported={onImported} onClose={() => setOpen(false)} />}
    </>
  );
}
