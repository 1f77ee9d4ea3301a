import type { MultiPolygon } from 'geojson';
import { isZoneInChina, ZONES_IN_CHINA } from '../../core/coordfile/projection.ts';
import type { GaussKrugerZone } from '../../core/coordfile/zone-inference.ts';
import { isOneOf } from '../../core/categories.ts';
import { SOURCE_CRSES } from '../../core/coords/source-crs.ts';
import type { Queryable } from '../db/types.ts';
import { badParameter } from '../http/errors.ts';
import { ENCODINGS, normalizeEncoding } from './formats/text-encoding.ts';
import type { ReadOptions } from './formats/types.ts';

type FormValue = string | File | Array<string | File> | undefined;

const text = (value: FormValue): string | undefined => {
  const one = Array.isArray(value) ? value[0] : value;
  return typeof one === 'string' && one.trim() !== '' ? one.trim() : undefined;
};

/** The preview form's reading choices: encoding, sourceCrs, zone + zoneWidth, layers (repeated, or one per line). */
export function parseReadOptions(form: Record<string, FormValue>, area: MultiPolygon[]): ReadOptions {
  const sourceCrs = text(form.sourceCrs) ?? null;
  if (sourceCrs !== null && !isOneOf(SOURCE_CRSES, sourceCrs)) throw badParameter('sourceCrs', `应为 ${SOURCE_CRSES.join('、')} 之一，收到“${sourceCrs}”`);
  const chosen = text(form.encoding);
  const encoding = chosen === undefined || chosen === 'auto' ? null : chosen;
  if (encoding && !normalizeEncoding(encoding)) throw badParameter('encoding', `不支持的编码“${encoding.slice(0, 40)}”：可选 ${Object.values(ENCODINGS).join('、')}`);
  return { encoding, sourceCrs, zone: zoneOf(text(form.zone), text(form.zoneWidth)), layers: layersOf(form.layers), area };
}

function zoneOf(zoneText: string | undefined, widthText: string | undefined): GaussKrugerZone | null {
  if (widthText !== undefined && widthText !== '3' && widthText !== '6') throw badParameter('zoneWidth', `应为 3 或 6（几度分带），收到“${widthText}”`);
  const width = widthText === '6' ? 6 : 3;
  if (zoneText === undefined) return null;
  const zone = Number(zoneText);
  if (!/^\d{1,2}$/.test(zoneText) || !isZoneInChina(zone, width)) {
    const { min, max } = ZONES_IN_CHINA[width];
    throw badParameter('zone', `中国境内 ${width}° 带的带号为 ${min}–${max}，收到“${zoneText}”`);
  }
  return { zone, width };
}

function layersOf(value: FormValue): string[] | null {
  const values = (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v): v is string => typeof v === 'string');
  const names = values.flatMap((v) => v.split(/\r?\n/)).map((v) => v.trim()).filter(Boolean);
  return names.length ? names : null;
}

/**
 * The campaign's unit boundaries, simplified to ~10 m: enough to tell which Gauss–Krüger zone puts a drawing inside
 * them (zones are 250 km and more apart), light enough to test many points against.
 */
export async function campaignArea(db: Queryable, campaignId: number): Promise<MultiPolygon[]> {
  const rows = await db.query<{ geometry: string }>(
    `SELECT ST_AsGeoJSON(ST_Multi(ST_SimplifyPreserveTopology(u.boundary, 0.0001)), 6) AS geometry
     FROM campaign_units cu JOIN units u ON u.id = cu.unit_id WHERE cu.campaign_id = $1 AND u.boundary IS NOT NULL`,
    [campaignId],
  );
  return rows.map((r) => JSON.parse(r.geometry) as MultiPolygon);
}
