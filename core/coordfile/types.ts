import type { MultiPolygon } from 'geojson';
import type { Issue } from './issues.ts';

/** Geodetic datum of the file's 坐标系; only CGCS2000 needs no datum shift to sit on our CGCS2000 maps. */
export type Datum = 'CGCS2000' | 'Xian80' | 'Beijing54';

/** Width of the Gauss–Krüger zones in degrees (几度分带). */
export type ZoneWidth = 3 | 6;

/** The `[属性描述]` section, typed where we rely on a value; every key/value as written is in `attributes`. */
export interface CoordHeader {
  formatVersion: string | null;
  producer: string | null;
  date: string | null;
  /** 坐标系 as written, e.g. “2000国家大地坐标系”. */
  coordinateSystem: string;
  datum: Datum;
  zoneWidth: ZoneWidth;
  projection: string | null;
  unit: string | null;
  /** 带号 as stated; a parcel's own zone may come from its eastings' prefix instead (see ParsedParcel.zone). */
  zone: number | null;
  precision: string | null;
  transformParameters: string | null;
  attributes: Record<string, string>;
}

/** Stated (file) area against the area computed from the coordinates, both Gauss–Krüger plane areas in mu. */
export interface StatedAreaCheck {
  ok: boolean;
  statedMu: number;
  computedMu: number;
  /** Stated minus computed: positive when the file claims more than its coordinates enclose. */
  diffMu: number;
  /** The allowed |diffMu|: the larger of 0.1% and the rounding of the stated figure. */
  toleranceMu: number;
  basis: 'plane';
}

export interface ParsedParcel {
  /** 0-based order in the file. */
  index: number;
  /** 地块编号, 地块名称, 图形属性, 图幅号, 地块用途, 地类编码 as written (empty string when blank). */
  code: string;
  name: string;
  shapeType: string;
  sheetNumber: string;
  landUse: string;
  landClassCode: string;
  /** Fields some provinces add between 地类编码 and `@`. */
  extraFields: string[];
  /** 地块面积 in hectares (公顷) as stated, and the same in mu; null when blank or unreadable. */
  statedAreaHa: number | null;
  statedAreaMu: number | null;
  /** 界址点数 as stated; null when unreadable. */
  statedPointCount: number | null;
  /** Point lines read, ring-closing repeats included (what 界址点数 should count). */
  pointCount: number;
  /** Gauss–Krüger zone the coordinates were read in, or null when it could not be determined. */
  zone: number | null;
  /**
   * The boundary in lon/lat on the file's datum (CGCS2000 unless header.datum says otherwise), RFC 7946 winding.
   * Null when the rings could not be assembled or cross each other; present for display even when other errors
   * make the parcel invalid.
   */
  geometry: MultiPolygon | null;
  /** Areas of `geometry` in mu: ellipsoidal on CGCS2000 and plane in the file's own Gauss–Krüger zone. */
  areaMu: { ellipsoidal: number; plane: number } | null;
  areaCheck: StatedAreaCheck | null;
  /** True when the parcel has no errors: it may be imported. */
  valid: boolean;
  errors: Issue[];
  warnings: Issue[];
  /** Lines of the parcel header and of its last point line (1-based). */
  firstLine: number;
  lastLine: number;
}

export type ParseResult =
  | { ok: true; header: CoordHeader; parcels: ParsedParcel[]; warnings: Issue[]; encoding: TextEncodingName }
  | { ok: false; errors: Issue[] };

export type TextEncodingName = 'utf-8' | 'gbk' | 'utf-16le' | 'utf-16be' | 'text';
