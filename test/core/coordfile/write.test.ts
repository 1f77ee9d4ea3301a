import type { MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { parseCoordinateFile, writeCoordinateFile, type WritableParcel, type WriteOptions } from '../../../core/coordfile/index.ts';
import { haFromMu } from '../../../core/measure.ts';
import { fixture, parsed } from './helpers.ts';

/** A counter-clockwise lon/lat square of `side` degrees from its south-west corner, closed. */
function square(lon: number, lat: number, side: number): Position[] {
  return [[lon, lat], [lon + side, lat], [lon + side, lat + side], [lon, lat + side], [lon, lat]];
}
const clockwise = (ring: Position[]) => [...ring].reverse();

/**
 * Three Zhumadian parcels, drawn like this (not to scale):
 *
 *   A: irregular pentagon     B: square with a hole       C: two parts, the second with a hole
 *       /\                      +-------+                  +---+     +-------+
 *      /  \                     | +---+ |                  |   |     | +-+   |
 *     |    |                    | |   | |                  +---+     | +-+   |
 *     +----+                    +-------+                            +-------+
 */
const ZMD: WritableParcel[] = [
  {
    code: 'W-001', name: '五边形地块', landUse: '工业用地', landClassCode: '0601',
    geometry: { type: 'Polygon', coordinates: [[[114.02, 32.98], [114.024, 32.98], [114.0245, 32.9825], [114.022, 32.9848], [114.0195, 32.9826], [114.02, 32.98]]] },
  },
  {
    code: 'W-002', name: '含水塘地块',
    geometry: { type: 'Polygon', coordinates: [square(114.1, 33.0, 0.004), clockwise(square(114.101, 33.001, 0.001))] },
  },
  {
    code: 'W-003', name: '两片地块',
    geometry: {
      type: 'MultiPolygon',
      coordinates: [[square(114.3, 33.1, 0.002)], [square(114.31, 33.1, 0.005), clockwise(square(114.311, 33.101, 0.0015))]],
    },
  },
];

function polygonsOf(g: Polygon | MultiPolygon): Position[][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

/** Every vertex back within 1 mm (metres per degree at 33°N: 93.5 km of longitude, 110.9 km of latitude). */
function expectSameWithinMillimetre(actual: MultiPolygon, expected: Polygon | MultiPolygon): void {
  const want = polygonsOf(expected);
  expect(actual.coordinates.map((p) => p.map((r) => r.length))).toEqual(want.map((p) => p.map((r) => r.length)));
  actual.coordinates.forEach((polygon, i) => polygon.forEach((ring, j) => ring.forEach(([lon, lat], k) => {
    const [lon0, lat0] = want[i]![j]![k]!;
    const metres = Math.hypot((lon! - lon0!) * 93_500, (lat! - lat0!) * 110_900);
    expect(metres).toBeLessThan(0.001);
  })));
}

function roundTrip(parcels: WritableParcel[], options: WriteOptions = {}) {
  const text = writeCoordinateFile(parcels, { date: '2024-3-1', producer: '驿城区自然资源局', ...options });
  return { text, result: parsed(parseCoordinateFile(text)) };
}

describe('writeCoordinateFile', () => {
  it.each([
    ['zone prefix', { prefix: true }],
    ['no zone prefix', { prefix: false }],
  ])('round-trips parcels with holes and several parts within 1 mm (%s)', (_, options) => {
    const { result } = roundTrip(ZMD, options);
    expect(result.header.zone).toBe(38);
    expect(result.warnings).toEqual([]);
    result.parcels.forEach((p, i) => {
      expect(p.errors).toEqual([]);
      expect(p.warnings).toEqual([]);
      expect([p.code, p.name]).toEqual([ZMD[i]!.code, ZMD[i]!.name]);
      expectSameWithinMillimetre(p.geometry!, ZMD[i]!.geometry);
    });
  });

  it('writes the format: header, 界址点数 with closing repeats, area in ha, millimetres, CRLF', () => {
    const { text, result } = roundTrip(ZMD);
    const lines = text.split('\r\n');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(lines.slice(0, 12)).toEqual([
      '[属性描述]', '格式版本号=1.01版本', '数据产生单位=驿城区自然资源局', '数据产生日期=2024-3-1', '坐标系=2000国家大地坐标系',
      '几度分带=3', '投影类型=高斯克吕格', '计量单位=米', '带号=38', '精度=0.001', '转换参数=,,,,,,', '[地块坐标]',
    ]);
    // Pentagon: 5 points + closing = 6; square with hole: 5 + 5; two parts: 5 + 5 + 5.
    expect(result.parcels.map((p) => p.statedPointCount)).toEqual([6, 10, 15]);
    expect(lines[12]).toMatch(/^6,\d+\.\d{4},W-001,五边形地块,面,,工业用地,0601,@$/);
    expect(lines[13]).toMatch(/^J1,1,\d{7}\.\d{3},38\d{6}\.\d{3}$/);
    expect(lines[18]).toBe(lines[13]); // the ring closes on its first point
    for (const p of result.parcels) {
      expect(p.statedAreaHa).toBeCloseTo(haFromMu(p.areaMu!.plane), 4);
      expect(p.areaCheck!.ok).toBe(true);
    }
  });

  it('writes outer rings clockwise and holes counter-clockwise, numbering points through the parcel', () => {
    const { text } = roundTrip([ZMD[1]!]);
    const points = text.split('\r\n').slice(13, 23).map((l) => l.split(','));
    expect(points.map((p) => `${p[0]}/${p[1]}`)).toEqual(['J1/1', 'J2/1', 'J3/1', 'J4/1', 'J1/1', 'J5/2', 'J6/2', 'J7/2', 'J8/2', 'J5/2']);
    const signedArea = (ring: string[][]) => {
      let twice = 0;
      for (let i = 0; i < ring.length - 1; i++) {
        // x east = Y column, y north = X column
        twice += Number(ring[i]![3]) * Number(ring[i + 1]![2]) - Number(ring[i + 1]![3]) * Number(ring[i]![2]);
      }
      return twice;
    };
    expect(signedArea(points.slice(0, 5))).toBeLessThan(0);
    expect(signedArea(points.slice(5))).toBeGreaterThan(0);
  });

  it('writes back a parsed sample number for number', () => {
    const sample = new TextDecoder().decode(fixture('in/zmd-zone38-prefix.txt'));
    const parcels = parsed(parseCoordinateFile(sample)).parcels;
    const chosen = parcels.filter((p) => ['ZMD-2021-001', 'ZMD-2021-005'].includes(p.code));
    const written = writeCoordinateFile(chosen.map((p) => ({ ...p, geometry: p.geometry! })), { zone: 38 });
    const blockOf = (text: string, code: string) => {
      const lines = text.split(/\r?\n/);
      const start = lines.findIndex((l) => l.includes(`,${code},`));
      return lines.slice(start, start + 1 + Number(lines[start]!.split(',')[0]));
    };
    for (const p of chosen) expect(blockOf(written, p.code)).toEqual(blockOf(sample, p.code));
  });

  it('writes in the zone asked for, and in 6° zones', () => {
    // Anze (≈112.2°E) lies between zones 37 and 38; a county may keep all its parcels in zone 37.
    const anze: WritableParcel = { code: 'AZ-1', name: '安泽', geometry: { type: 'Polygon', coordinates: [square(112.2, 36.1, 0.003)] } };
    const in37 = roundTrip([anze], { zone: 37, prefix: false });
    expect(in37.text).toContain('带号=37');
    expectSameWithinMillimetre(in37.result.parcels[0]!.geometry!, anze.geometry);
    const six = roundTrip([anze], { zoneWidth: 6 });
    expect(six.result.header).toMatchObject({ zoneWidth: 6, zone: 19 });
    expectSameWithinMillimetre(six.result.parcels[0]!.geometry!, anze.geometry);
  });

  it('keeps commas, @ and line breaks in names from breaking the format', () => {
    const { result } = roundTrip([{ ...ZMD[0]!, code: 'W,1', name: '甲@乙\r\n丙' }]);
    expect(result.parcels[0]).toMatchObject({ valid: true, code: 'W，1', name: '甲＠乙 丙' });
  });
});
