import { ApiError } from './errors.ts';

/**
 * The backstop: a PostgreSQL error that input caused (a constraint, a value out of range, a geometry PostGIS cannot
 * parse) becomes a 4xx with a Chinese message instead of a 500. Checks at the edge should come first and say more;
 * this only makes sure no constraint ever surfaces as "internal error". Both drivers (pg, PGlite) carry the SQLSTATE
 * in `code`, and the constraint, column and detail where PostgreSQL gives them.
 */
export function databaseInputError(error: unknown): ApiError | null {
  if (typeof error !== 'object' || error === null) return null;
  const e = error as { code?: unknown; message?: unknown; constraint?: unknown; column?: unknown; detail?: unknown };
  if (typeof e.code !== 'string' || !/^[0-9A-Z]{5}$/.test(e.code)) return null;
  const message = typeof e.message === 'string' ? e.message : '';
  const constraint = typeof e.constraint === 'string' ? `（约束 ${e.constraint}）` : '';
  const column = typeof e.column === 'string' ? `字段 ${e.column} ` : '';
  switch (e.code) {
    case '23505':
      return new ApiError(409, 'duplicate', `与已有记录重复${constraint}，请修改后重试`);
    case '23503':
      // Inserting a reference to nothing is the request's fault; deleting what others still refer to is a conflict.
      return /still referenced|仍然被/.test(message)
        ? new ApiError(409, 'still_referenced', `该记录仍被其他数据引用，不能删除或修改${constraint}`)
        : new ApiError(400, 'unknown_reference', `引用的记录不存在${constraint}，请检查编号`);
    case '23514':
      return new ApiError(400, 'check_violation', `数据不符合规则${constraint}，请检查取值范围`);
    case '23502':
      return new ApiError(400, 'missing_value', `${column}不能为空`);
    case '54001':
    case '54000':
      return new ApiError(400, 'too_complex', '数据结构过深或过大，无法处理，请简化后重试');
    case 'XX000':
      // PostGIS reports GeoJSON and WKT it cannot read as internal errors; those are still the input's fault.
      return /geojson|geometry|lwgeom|parse error|invalid (polygon|ring|multipolygon)|unknown.*type|coordinates/i.test(message)
        ? new ApiError(400, 'bad_geometry', '几何图形无法解析，请检查 GeoJSON 的类型与坐标格式')
        : null;
  }
  // Class 22, data exceptions: a text that is not a number or a date, a number out of range, a string too long.
  if (e.code.startsWith('22')) return new ApiError(400, 'bad_value', `${column}取值无效或超出范围，请检查数字、日期与文字长度`);
  return null;
}
