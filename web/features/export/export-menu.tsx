/**
 * 导出 in the top bar: the parcels of the current filter, or the open parcel, as GeoJSON, a coordinate file, a
 * Shapefile or an Excel ledger. Plain download links; the menu closes on Esc, on a choice and on a click elsewhere.
 */
import { useEffect, useRef, useState } from 'react';
import { hasFilters, type ParcelFilters } from '../filters/parcel-filters.ts';
import { EXPORT_FORMATS, filteredExportUrl, parcelExportUrl } from './export-links.ts';
import './export.css';

interface ExportMenuProps {
  campaignId: number;
  filters: ParcelFilters;
  /** The open parcel, if any. */
  parcel: { id: number; code: string } | null;
}

export function ExportMenu({ campaignId, filters, parcel }: ExportMenuProps) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    root.current?.querySelector<HTMLAnchorElement>('a')?.focus();
    const outside = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);

  const close = () => {
    setOpen(false);
    toggle.current?.focus();
  };

  return (
    <div
      ref={root}
      className="export-menu"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          // The menu takes this Esc; the open parcel stays open.
          event.preventDefault();
          close();
        }
      }}
    >
      <button ref={toggle} type="button" className="topbar-action" aria-haspopup="true" aria-expanded={open} onClick={() => setOpen(!open)}>
        导出 <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div className="export-menu__popover" role="group" aria-label="导出地块">
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
        </div>
      )}
    </div>
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
