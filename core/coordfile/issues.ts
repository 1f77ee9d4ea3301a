/**
 * Issue codes of the coordinate-file parser: stable strings a program can match on. Each issue also carries a
 * message in Simplified Chinese for the land officer, naming the line. Grouped by where they are reported.
 */

/** File-level errors: the file as a whole cannot be read (`ok: false`). */
export const TOO_LARGE = 'too_large';
export const EMPTY_FILE = 'empty_file';
export const NOT_TEXT = 'not_text';
export const BAD_ENCODING = 'bad_encoding';
export const MISSING_COORDINATES_SECTION = 'missing_coordinates_section';
export const UNKNOWN_CRS = 'unknown_crs';
export const BAD_HEADER_VALUE = 'bad_header_value';
export const UNSUPPORTED_PROJECTION = 'unsupported_projection';
export const UNSUPPORTED_UNIT = 'unsupported_unit';
/** 带号 (file level) or a zone prefix (parcel level) that cannot belong to the stated 几度分带. */
export const ZONE_WIDTH_MISMATCH = 'zone_width_mismatch';
/** No 带号 and no zone prefix: file level when no point carries a prefix, else on each parcel without one. */
export const ZONE_MISSING = 'zone_missing';
export const POINT_WITHOUT_PARCEL = 'point_without_parcel';
export const NO_PARCELS = 'no_parcels';
export const TRUNCATED = 'truncated';

/** File-level warnings. */
export const ZONE_WIDTH_ASSUMED = 'zone_width_assumed';
export const ZONE_MISMATCH = 'zone_mismatch';
export const NO_DATUM_SHIFT = 'no_datum_shift';
export const HEADER_LINE_IGNORED = 'header_line_ignored';

/** Parcel-level errors: the parcel is invalid, the others are unaffected. */
export const MISSING_AT = 'missing_at';
export const BAD_PARCEL_HEADER = 'bad_parcel_header';
export const NOT_POLYGON = 'not_polygon';
export const BAD_POINT_LINE = 'bad_point_line';
export const BAD_RING_NUMBER = 'bad_ring_number';
export const NOT_A_NUMBER = 'not_a_number';
export const COORDINATE_OUT_OF_RANGE = 'coordinate_out_of_range';
export const SWAPPED_XY = 'swapped_xy';
export const MIXED_ZONE_PREFIX = 'mixed_zone_prefix';
export const EASTING_OUTSIDE_ZONE = 'easting_outside_zone';
export const RING_NOT_CONTIGUOUS = 'ring_not_contiguous';
export const UNCLOSED_RING = 'unclosed_ring';
export const TOO_FEW_POINTS = 'too_few_points';
export const TOO_MANY_RINGS = 'too_many_rings';
export const SELF_INTERSECTION = 'self_intersection';
export const RINGS_INTERSECT = 'rings_intersect';
export const POINT_COUNT_MISMATCH = 'point_count_mismatch';

/** Parcel-level warnings: reported, the parcel stays valid. */
export const DUPLICATE_POINT = 'duplicate_point';
export const AREA_MISMATCH = 'area_mismatch';
export const DUPLICATE_PARCEL_CODE = 'duplicate_parcel_code';
/** Appended once to a list that reached its cap, counting what was left out. */
export const TOO_MANY_ISSUES = 'too_many_issues';

export type IssueCode =
  | typeof TOO_LARGE | typeof EMPTY_FILE | typeof NOT_TEXT | typeof BAD_ENCODING | typeof MISSING_COORDINATES_SECTION
  | typeof UNKNOWN_CRS | typeof BAD_HEADER_VALUE | typeof UNSUPPORTED_PROJECTION | typeof UNSUPPORTED_UNIT
  | typeof ZONE_WIDTH_MISMATCH | typeof ZONE_MISSING | typeof POINT_WITHOUT_PARCEL | typeof NO_PARCELS | typeof TRUNCATED
  | typeof ZONE_WIDTH_ASSUMED | typeof ZONE_MISMATCH | typeof NO_DATUM_SHIFT | typeof HEADER_LINE_IGNORED
  | typeof MISSING_AT | typeof BAD_PARCEL_HEADER | typeof NOT_POLYGON | typeof BAD_POINT_LINE | typeof BAD_RING_NUMBER
  | typeof NOT_A_NUMBER | typeof COORDINATE_OUT_OF_RANGE | typeof SWAPPED_XY | typeof MIXED_ZONE_PREFIX
  | typeof EASTING_OUTSIDE_ZONE | typeof RING_NOT_CONTIGUOUS | typeof UNCLOSED_RING | typeof TOO_FEW_POINTS
  | typeof TOO_MANY_RINGS | typeof SELF_INTERSECTION | typeof RINGS_INTERSECT | typeof POINT_COUNT_MISMATCH
  | typeof DUPLICATE_POINT | typeof AREA_MISMATCH | typeof DUPLICATE_PARCEL_CODE | typeof TOO_MANY_ISSUES;

export interface Issue {
  code: IssueCode;
  /** 1-based line of the (decoded) file, or null when the issue is about the file as a whole. */
  line: number | null;
  /** Simplified Chinese, starting with “第 N 行：” when there is a line. */
  message: string;
}
