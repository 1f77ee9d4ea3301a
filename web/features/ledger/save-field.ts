/**
 * Saving one cell of the ledger table through PUT /api/parcels/:id: the row's ledger fields with the one changed,
 * checked first with the server's own rules, sent with the version the table shows and without `geometry`, which
 * keeps the boundary as it is.
 */
import { valueFromText } from '../../../core/fields/text.ts';
import { LEDGER_COLUMNS } from '../../../core/ledger-columns.ts';
import type { LedgerRow } from '../../../core/ledger/row.ts';
import { parseParcelFields } from '../../../core/parcel-input.ts';
import type { ParcelFields } from '../../../core/parcel.ts';
import { ApiError, sendJson } from '../../api/client.ts';
import type { ParcelFeature } from '../../api/types.ts';

export type CellSave =
  | { ok: true; change: Partial<LedgerRow> }
  /** `current`: the row as someone else saved it, when the table's version was stale. */
  | { ok: false; message: string; current?: Partial<LedgerRow> };

const fieldsOf = (row: LedgerRow): Record<string, unknown> => Object.fromEntries(LEDGER_COLUMNS.map((c) => [c.key, row[c.key]]));

/** The table's row from the parcel the server answered with. */
function rowChange(feature: ParcelFeature): Partial<LedgerRow> {
  const p = feature.properties;
  return {
    ...Object.fromEntries(LEDGER_COLUMNS.map((c) => [c.key, p[c.key]])),
    version: p.version,
    unitId: p.unitId,
    unitName: p.unitName,
    ellipsoidalMu: p.areaMu?.ellipsoidal ?? null,
    areaOk: p.areaCheck ? p.areaCheck.ok : null,
  };
}

export async function saveCell(row: LedgerRow, key: keyof ParcelFields, text: string): Promise<CellSave> {
  const record = { ...fieldsOf(row), [key]: valueFromText(key, text) };
  const parsed = parseParcelFields(record);
  if (!parsed.ok) return { ok: false, message: parsed.problems.map((p) => p.message).join('；') };
  try {
    const saved = await sendJson<ParcelFeature>('PUT', `/api/parcels/${row.id}`, { ...record, unitId: row.unitId, version: row.version });
    return { ok: true, change: rowChange(saved!) };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const current = error.extra.current as ParcelFeature | undefined;
    if (error.code === 'version_conflict' && current?.properties) {
      return { ok: false, message: '该地块已被他人修改，表格已换成最新内容，请核对后重新修改', current: rowChange(current) };
    }
    return { ok: false, message: error.message };
  }
}
