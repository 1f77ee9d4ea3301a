import { describe, expect, it } from 'vitest';
import { checkBoundary } from '../../core/geometry-checks.ts';
import { parseParcelFields } from '../../core/parcel-input.ts';
import { mayEditParcels, mayUndelete, editLimitedToUnits } from '../../core/roles.ts';

const square = (lon: number, lat: number, d = 0.001) => ({ type: 'Polygon', coordinates: [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]] });
const codes = (g: unknown) => checkBoundary(g).problems.map((p) => p.code);

describe('boundary checks', () => {
  it('accepts a simple polygon and returns it as a MultiPolygon', () => {
    const r = checkBoundary(square(114, 33));
    expect(r.problems).toEqual([]);
    expect(r.geometry?.type).toBe('MultiPolygon');
  });
  it('names each problem', () => {
    expect(codes({ type: 'Point', coordinates: [114, 33] })).toEqual(['not_polygon']);
    expect(codes(null)).toEqual(['not_polygon']);
    expect(codes({ type: 'Polygon', coordinates: [[[114, 33], [114.1, 33], [114.1, 33.1]]] })).toEqual(['malformed']);
    expect(codes(square(33, 114))).toEqual(['out_of_range']);
    expect(checkBoundary(square(33, 114)).problems[0]!.message).toContain('经纬度写反');
    expect(codes(square(2.35, 48.85))).toEqual(['out_of_range']);
    expect(codes({ type: 'Polygon', coordinates: [[[114, 33], [114.01, 33.01], [114.01, 33], [114, 33.01], [114, 33]]] })).toEqual(['self_intersection']);
    expect(codes(square(114, 33, 0.000005))).toEqual(['ring_too_small']);
  });
  it('checks every part of a MultiPolygon and every hole', () => {
    const hole = [[114.0002, 33.0002], [114.0002, 33.00020001], [114.00020001, 33.0002], [114.0002, 33.0002]];
    const g = { type: 'MultiPolygon', coordinates: [square(114, 33).coordinates, [square(114.01, 33).coordinates[0], hole]] };
    const r = checkBoundary(g);
    expect(r.problems.map((p) => p.code)).toEqual(['ring_too_small']);
    expect(r.problems[0]!.message).toBe('第 2 部分第 1 个内环（洞）面积不足 1 平方米或退化为线');
  });
});

describe('ledger field parsing', () => {
  const valid = { code: 'ZMD-1', projectName: '项目', category: 'idle', status: 'planned', ledgerMu: 12.5, supplyDate: '2019-03-01', supervisionNumber: '4117022019B00345', disposalMethod: '动工开发', sourceLists: ['内网新增'] };
  it('parses a valid record into typed fields, empty strings as not given', () => {
    const r = parseParcelFields({ ...valid, landUser: '', remarks: '  备注  ' });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value).toMatchObject({ code: 'ZMD-1', ledgerMu: 12.5, landUser: null, remarks: '备注', approvalDate: null });
  });
  it('lists every problem with the field name in Chinese', () => {
    const r = parseParcelFields({ ...valid, code: '', ledgerMu: 0, supplyDate: '2019-02-30', supervisionNumber: 'X1', disposalMethod: '撤销批文', sourceLists: 'x' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      // In the ledger's order (the field registry's).
      expect(r.problems.map((p) => p.field)).toEqual(['code', 'ledgerMu', 'supervisionNumber', 'supplyDate', 'sourceLists', 'disposalMethod']);
      expect(r.problems[0]!.message).toBe('地块编号：必填');
      expect(r.problems[5]!.message).toContain('不适用于供后闲置');
    }
  });
});

describe('roles', () => {
  it('lets admins and editors edit, only editors within their units, only admins undelete', () => {
    expect(['admin', 'editor', 'field', 'viewer'].map((r) => mayEditParcels(r as never))).toEqual([true, true, false, false]);
    expect(editLimitedToUnits('editor')).toBe(true);
    expect(editLimitedToUnits('admin')).toBe(false);
    expect(mayUndelete('editor')).toBe(false);
  });
});
