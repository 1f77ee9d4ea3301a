import {
  BAD_HEADER_VALUE, HEADER_LINE_IGNORED, NO_DATUM_SHIFT, UNKNOWN_CRS, UNSUPPORTED_PROJECTION, UNSUPPORTED_UNIT,
  ZONE_WIDTH_ASSUMED, ZONE_WIDTH_MISMATCH, type Issue,
} from './issues.ts';
import { clip, issue } from './issue-list.ts';
import { ZONES_IN_CHINA, isZoneInChina } from './projection.ts';
import type { CoordHeader, Datum, ZoneWidth } from './types.ts';

export const ATTRIBUTES_SECTION = '[属性描述]';

export type HeaderResult = { ok: true; header: CoordHeader; warnings: Issue[] } | { ok: false; errors: Issue[] };

const DATUM_NAMES: Record<Datum, string> = { CGCS2000: '2000国家大地坐标系', Xian80: '1980西安坐标系', Beijing54: '1954北京坐标系' };

/** Reads the `[属性描述]` lines (everything before `[地块坐标]`); `firstLine` is the 1-based number of lines[0]. */
export function parseHeader(lines: string[], firstLine: number): HeaderResult {
  const attributes: Record<string, string> = {};
  const lineOf: Record<string, number> = {};
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  lines.forEach((raw, i) => {
    const text = raw.trim();
    const line = firstLine + i;
    if (text === '' || text === ATTRIBUTES_SECTION) return;
    const eq = text.indexOf('=');
    if (eq <= 0) {
      warnings.push(issue(HEADER_LINE_IGNORED, line, `“${clip(text)}”不是“名称=值”的属性行，已忽略`));
      return;
    }
    const key = text.slice(0, eq).trim();
    attributes[key] = text.slice(eq + 1).trim();
    lineOf[key] = line;
  });
  const value = (key: string): string | null => (attributes[key] ? attributes[key]! : null);
  const at = (key: string): number | null => lineOf[key] ?? null;

  const coordinateSystem = value('坐标系');
  const datum = coordinateSystem === null ? null : datumOf(coordinateSystem);
  if (coordinateSystem === null) {
    errors.push(issue(UNKNOWN_CRS, null, '属性描述中没有填写“坐标系”，无法确定坐标含义；应为 2000国家大地坐标系、1980西安坐标系或 1954北京坐标系'));
  } else if (datum === null) {
    errors.push(issue(UNKNOWN_CRS, at('坐标系'), `无法识别的坐标系“${clip(coordinateSystem)}”；应为 2000国家大地坐标系、1980西安坐标系或 1954北京坐标系`));
  }

  const widthText = value('几度分带');
  let zoneWidth: ZoneWidth = 3;
  if (widthText === null) {
    warnings.push(issue(ZONE_WIDTH_ASSUMED, null, '属性描述中没有填写“几度分带”，按 3 度分带读取'));
  } else if (/^[36]\s*度?$/.test(widthText)) {
    zoneWidth = widthText.startsWith('6') ? 6 : 3;
  } else {
    errors.push(issue(BAD_HEADER_VALUE, at('几度分带'), `几度分带“${clip(widthText)}”无效，只能是 3 或 6`));
  }

  const projection = value('投影类型');
  if (projection !== null && !/高斯|gauss/i.test(projection)) {
    errors.push(issue(UNSUPPORTED_PROJECTION, at('投影类型'), `投影类型“${clip(projection)}”不受支持，只能读取高斯克吕格投影`));
  }
  const unit = value('计量单位');
  if (unit !== null && !/^(米|m|公尺)$/i.test(unit)) {
    errors.push(issue(UNSUPPORTED_UNIT, at('计量单位'), `计量单位“${clip(unit)}”不受支持，坐标须以米为单位`));
  }

  const zoneText = value('带号');
  let zone: number | null = null;
  if (zoneText !== null) {
    if (!/^\d{1,2}$/.test(zoneText)) {
      errors.push(issue(BAD_HEADER_VALUE, at('带号'), `带号“${clip(zoneText)}”不是整数`));
    } else if (!isZoneInChina(Number(zoneText), zoneWidth)) {
      const { min, max } = ZONES_IN_CHINA[zoneWidth];
      errors.push(issue(ZONE_WIDTH_MISMATCH, at('带号'),
        `带号 ${zoneText} 与“几度分带=${zoneWidth}”矛盾：中国境内 ${zoneWidth} 度带的带号为 ${min}–${max}；请核对这两项`));
    } else {
      zone = Number(zoneText);
    }
  }

  if (errors.length > 0 || datum === null || coordinateSystem === null) return { ok: false, errors };
  if (datum !== 'CGCS2000') {
    const params = (value('转换参数') ?? '').replace(/[,，\s]/g, '');
    warnings.push(issue(NO_DATUM_SHIFT, at('坐标系'), params === ''
      ? `坐标系为 ${DATUM_NAMES[datum]}，文件未给出转换参数，未做坐标系转换：与 2000国家大地坐标系的位置可能相差数十米`
      : `坐标系为 ${DATUM_NAMES[datum]}；文件给出的转换参数未被采用（参数含义各地约定不一），未做坐标系转换：与 2000国家大地坐标系的位置可能相差数十米`));
  }
  return {
    ok: true,
    warnings,
    header: {
      formatVersion: value('格式版本号'),
      producer: value('数据产生单位'),
      date: value('数据产生日期'),
      coordinateSystem,
      datum,
      zoneWidth,
      projection,
      unit,
      zone,
      precision: value('精度'),
      transformParameters: value('转换参数'),
      attributes,
    },
  };
}

function datumOf(name: string): Datum | null {
  const v = name.replace(/\s/g, '').toUpperCase();
  if (/2000|CGCS/.test(v)) return 'CGCS2000';
  if (/西安|XIAN|(^|\D)(19)?80(\D|$)/.test(v)) return 'Xian80';
  if (/北京|BEIJING|(^|\D)(19)?54(\D|$)/.test(v)) return 'Beijing54';
  return null;
}
