/**
 * 导出 in the top bar: the parcels of the current filter, or the open parcel, as GeoJSON, a coordinate file, a
 * Shapefile or an Excel ledger, as plain download links.
 */
import { hasFilters, type ParcelFilters } from '../filters/parcel-filters.ts';
import { EXPORT_FORMATS, filteredExportUrl, parcelExportUrl } from './export-links.ts';
import { TopbarMenu } from '../../shell/topbar-menu.tsx';

interface ExportMenuProps {
  campaignId: number;
  filters: ParcelFilters;
  /** The open parcel, if any. */
  parcel: { id: number; code: string } | null;
}

export function ExportMenu({ campaignId, filters, parcel }: ExportMenuProps) {
  return (
    <TopbarMenu label="导出" ariaLabel="导出地块">
      {(close) => (
        <>
          <section>
            <h3>{hasFilters(filters) ? '当前筛选的地块' : '本专项行动全部地块'}</h3>
            <ExportLinks href={(format) => filteredExportUrl(format, campaignId, filters)} onChoose={close} />
          </section>
          {parcel && (
            <section>
              <h3>当前地块 {parcel.code}</h3>
              <ExportLinks href={(format) => parcelExportUrl(format, parcel.id)} onChoose={close} />
            </section>
          )}
        </>
      )}
    </TopbarMenu>
  );
}

function ExportLinks({ href, onChoose }: { href: (format: (typeof EXPORT_FORMATS)[number]['key']) => string; onChoose: () => void }) {
  return (
    <ul>
      {EXPORT_FORMATS.map((f) => (
        <li key={f.key}>
          <a href={href(f.key)} download onClick={onChoose}>
            {f.label}
            <small>{f.hint}</small>
          </a>
        </li>
      ))}
    </ul>
  );
}
