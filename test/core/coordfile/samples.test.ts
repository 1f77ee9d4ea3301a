import { describe, expect, it } from 'vitest';
import { NO_DATUM_SHIFT, parseCoordinateFile } from '../../../core/coordfile/index.ts';
import { muFromHa } from '../../../core/measure.ts';
import { fixture, parcelByCode, parsed, signedDegreeArea } from './helpers.ts';

describe('real-shaped samples', () => {
  const zmd = parsed(parseCoordinateFile(fixture('in/zmd-zone38-prefix.txt')));

  it('reads the header and every parcel of a file with zone-prefixed eastings', () => {
    expect(zmd.encoding).toBe('utf-8');
    expect(zmd.header).toMatchObject({ datum: 'CGCS2000', zoneWidth: 3, zone: 38, unit: '米', formatVersion: '1.01版本', date: '2021-5-20' });
    expect(zmd.warnings).toEqual([]);
    expect(zmd.parcels.map((p) => p.code)).toEqual(['ZMD-2021-001', 'ZMD-2021-002', 'ZMD-2021-003', 'ZMD-2021-004', 'ZMD-2021-005']);
    for (const p of zmd.parcels) {
      expect(p.valid, p.code).toBe(true);
      expect(p.errors).toEqual([]);
      expect(p.zone).toBe(38);
      expect(p.pointCount).toBe(p.statedPointCount);
    }
    const first = zmd.parcels[0]!;
    expect(first).toMatchObject({
      index: 0, name: '驿城区装备制造产业园01号地块', shapeType: '面', landUse: '工业用地', landClassCode: '0601',
      statedAreaHa: 6.7509, statedPointCount: 6, firstLine: 13, lastLine: 19, extraFields: [],
    });
    expect(first.statedAreaMu).toBeCloseTo(muFromHa(6.7509), 9);
  });

  it('places Zhumadian parcels near 114°E 33°N', () => {
    const [lon, lat] = zmd.parcels[0]!.geometry!.coordinates[0]![0]![0]!;
    expect(lon).toBeGreaterThan(114.01);
    expect(lon).toBeLessThan(114.03);
    expect(lat).toBeGreaterThan(32.97);
    expect(lat).toBeLessThan(32.99);
  });

  it('makes a ring inside another a hole, whatever its winding in the file', () => {
    const p = parcelByCode(zmd, 'ZMD-2021-002');
    expect(p.geometry!.coordinates).toHaveLength(1);
    expect(p.geometry!.coordinates[0]).toHaveLength(2);
    // 300 m square minus 100 m square = 80,000 m² = 120 mu.
    expect(p.areaMu!.plane).toBeCloseTo(120, 6);
  });

  it('makes a ring outside the first another part, and an island inside a hole a part of its own', () => {
    expect(parcelByCode(zmd, 'ZMD-2021-003').geometry!.coordinates.map((polygon) => polygon.length)).toEqual([1, 1]);
    const island = parcelByCode(zmd, 'ZMD-2021-004');
    expect(island.geometry!.coordinates.map((polygon) => polygon.length)).toEqual([2, 1]);
    // 400² − 200² + 100² m² = 130,000 m² = 195 mu.
    expect(island.areaMu!.plane).toBeCloseTo(195, 6);
  });

  it('writes RFC 7946 rings: closed, shells counter-clockwise, holes clockwise', () => {
    for (const p of zmd.parcels) {
      for (const [shell, ...holes] of p.geometry!.coordinates) {
        expect(signedDegreeArea(shell!)).toBeGreaterThan(0);
        for (const hole of holes) expect(signedDegreeArea(hole)).toBeLessThan(0);
        for (const ring of [shell!, ...holes]) expect(ring.at(-1)).toEqual(ring[0]);
      }
    }
  });

  it('checks the stated area (ha) against the computed plane area (mu)', () => {
    for (const p of zmd.parcels) {
      expect(p.areaCheck).toMatchObject({ ok: true, basis: 'plane' });
      expect(p.areaCheck!.statedMu).toBeCloseTo(muFromHa(p.statedAreaHa!), 9);
      expect(p.areaCheck!.computedMu).toBe(p.areaMu!.plane);
      // Stated to 4 decimals of a hectare: within half of 0.0001 ha = 0.00075 mu.
      expect(Math.abs(p.areaCheck!.diffMu)).toBeLessThanOrEqual(0.00075 + 1e-9);
    }
  });

  it('finds the ellipsoidal area smaller than the plane area off the central meridian', () => {
    const east = parcelByCode(zmd, 'ZMD-2021-005'); // ~1.5° east of 114°E
    const near = parcelByCode(zmd, 'ZMD-2021-001'); // ~0.02° east
    expect(east.areaMu!.plane).toBeCloseTo(135, 6);
    expect(east.areaMu!.ellipsoidal).toBeLessThan(east.areaMu!.plane);
    expect(1 - east.areaMu!.ellipsoidal / east.areaMu!.plane).toBeGreaterThan(2e-4);
    expect(Math.abs(1 - near.areaMu!.ellipsoidal / near.areaMu!.plane)).toBeLessThan(1e-5);
  });

  it('reads the same parcels without zone prefix, with CRLF line ends and extra fields before @', () => {
    const other = parsed(parseCoordinateFile(fixture('in/zmd-zone38-no-prefix-crlf-extra-fields.txt')));
    expect(other.parcels).toHaveLength(3);
    for (const p of other.parcels) {
      const same = parcelByCode(zmd, p.code);
      expect(p.valid).toBe(true);
      expect(p.geometry).toEqual(same.geometry);
      expect(p.extraFields).toEqual(['2021年第3批次', '驻政土〔2021〕12号']);
      expect(p.landClassCode).toBe(same.landClassCode);
      expect(p.firstLine).toBe(same.firstLine);
    }
  });

  it('reads a GBK-encoded file (bytes as a Windows tool writes them)', () => {
    const bytes = fixture('in/anze-zone37-gbk.txt');
    // “[属性描述]” in GBK: 属 CAF4, 性 D0D4, 描 C3E8, 述 CAF6 (GB 2312 code chart), not UTF-8.
    expect(Buffer.from(bytes.subarray(0, 10)).toString('hex')).toBe('5bcaf4d0d4c3e8caf65d');
    const anze = parsed(parseCoordinateFile(bytes));
    expect(anze.encoding).toBe('gbk');
    expect(anze.header.producer).toBe('安泽县自然资源局');
    expect(anze.parcels.map((p) => [p.code, p.name, p.valid, p.zone])).toEqual([
      ['AZ-2023-001', '安泽经济技术开发区府城片区地块', true, 37],
      ['AZ-2023-002', '和川镇闲置地块', true, 37],
    ]);
    const [lon, lat] = anze.parcels[0]!.geometry!.coordinates[0]![0]![0]!;
    expect(lon).toBeCloseTo(112.3, 1);
    expect(lat).toBeCloseTo(36.1, 1);
  });

  it('reads a 6° zone file (central meridian 6n − 3) with a UTF-8 BOM', () => {
    const six = parsed(parseCoordinateFile(fixture('in/six-degree-zone20-bom.txt')));
    expect(six.header.zoneWidth).toBe(6);
    const p = six.parcels[0]!;
    expect(p).toMatchObject({ valid: true, zone: 20 });
    const [lon, lat] = p.geometry!.coordinates[0]![0]![0]!;
    expect(lon).toBeCloseTo(117.29, 2);
    expect(lat).toBeCloseTo(34.01, 2);
    expect(p.areaMu!.plane).toBeCloseTo(45, 6);
  });

  it('reads Xian 80 on its own ellipsoid and warns that no datum shift was applied', () => {
    const xian = parsed(parseCoordinateFile(fixture('in/xian80-zone38.txt')));
    expect(xian.header.datum).toBe('Xian80');
    expect(xian.warnings.map((w) => w.code)).toEqual([NO_DATUM_SHIFT]);
    expect(xian.warnings[0]!.message).toContain('相差数十米');
    const p = xian.parcels[0]!;
    expect(p.valid).toBe(true);
    const cgcs = parcelByCode(zmd, 'ZMD-2021-001').geometry!.coordinates[0]![0]![0]!;
    const [lon, lat] = p.geometry!.coordinates[0]![0]![0]!;
    // Same numbers on the IAG-75 ellipsoid (a = 6378140) land a few metres away from the CGCS2000 reading.
    const metres = Math.hypot((lon - cgcs[0]!) * 93_000, (lat - cgcs[1]!) * 111_000);
    expect(metres).toBeGreaterThan(0.1);
    expect(metres).toBeLessThan(10);
  });

  it('gives the same result for text and for its bytes', () => {
    const text = new TextDecoder().decode(fixture('in/zmd-zone38-prefix.txt'));
    const fromText = parsed(parseCoordinateFile(text));
    expect(fromText.encoding).toBe('text');
    expect(fromText.parcels).toEqual(zmd.parcels);
  });
});
