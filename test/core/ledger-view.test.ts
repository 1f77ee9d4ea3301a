import { describe, expect, it } from 'vitest';
import type { LedgerRow } from '../../core/ledger/row.ts';
import { parseViewParams, viewQuery } from '../../core/ledger/view-params.ts';
import { filterRows, ledgerView, NO_UNIT, runsByUnit, sortRows } from '../../core/ledger/view.ts';
import { ledgerFiltersOf, withColumnFilter, type MapFilters } from '../../core/ledger/map-filters.ts';

let next = 0;
const row = (over: Partial<LedgerRow>): LedgerRow => ({
  id: ++next, version: 1, unitId: 1, unitName: '驿城区', inUnits: [], disposedMu: 0, ellipsoidalMu: null, areaOk: null,
  code: `P-${next}`, projectName: '项目', category: 'idle', status: 'registered', ledgerMu: 10, approvalBatch: null, approvalNumber: null,
  approvalDate: null, approvedMu: null, supervisionNumber: null, supplyMethod: null, supplyDate: null, supplyPriceWan: null, landUse: null, landClassCode: null,
  landUser: null, agreedStartDate: null, reasons: null, sourceLists: [], disposalMethod: null, responsiblePerson: null, remarks: null,
  ...over,
});

const rows = [
  row({ code: 'A-10', unitName: '西平县', ledgerMu: 5, disposedMu: 1, landUser: '华源公司' }),
  row({ code: 'A-2', unitName: '驿城区', ledgerMu: 30, disposedMu: 10, category: 'inefficient' }),
  row({ code: 'A-3', unitName: '驿城区', ledgerMu: 12.5, status: 'disposed' }),
  row({ code: 'A-4', unitName: null, ledgerMu: 7, landUser: '华源置业' }),
  row({ code: 'A-5', unitName: '开发区', ledgerMu: 0.5, disposedMu: 0.5 }),
];

describe('ledger table view', () => {
  it('sorts by a number column either way, empty values last, ties by code in natural order', () => {
    expect(sortRows(rows, { key: 'ledgerMu', direction: 'desc' }).map((r) => r.ledgerMu)).toEqual([30, 12.5, 7, 5, 0.5]);
    expect(sortRows(rows, { key: 'ledgerMu', direction: 'asc' }).map((r) => r.ledgerMu)).toEqual([0.5, 5, 7, 12.5, 30]);
    // A-2 before A-10: codes compare as a person reads them.
    expect(sortRows(rows, null).map((r) => r.code)).toEqual(['A-2', 'A-3', 'A-4', 'A-5', 'A-10']);
    expect(sortRows(rows, { key: 'landUser', direction: 'desc' }).slice(-3).map((r) => r.landUser)).toEqual([null, null, null]);
  });

  it('filters text by what the cell shows, values by code, numbers by range', () => {
    expect(filterRows(rows, { landUser: { kind: 'text', text: '华源' } }).map((r) => r.code)).toEqual(['A-10', 'A-4']);
    expect(filterRows(rows, { category: { kind: 'text', text: '低效' } }).map((r) => r.code)).toEqual(['A-2']);
    expect(filterRows(rows, { status: { kind: 'values', values: ['disposed'] } }).map((r) => r.code)).toEqual(['A-3']);
    expect(filterRows(rows, { unitName: { kind: 'values', values: [NO_UNIT, '开发区'] } }).map((r) => r.code)).toEqual(['A-4', 'A-5']);
    expect(filterRows(rows, { ledgerMu: { kind: 'range', min: 5, max: 12.5 } }).map((r) => r.code)).toEqual(['A-10', 'A-3', 'A-4']);
    expect(filterRows(rows, { ledgerMu: { kind: 'range', min: null, max: null } })).toHaveLength(rows.length);
  });

  it('groups by unit in the campaign\'s order with totals per group and overall; no unit last', () => {
    const view = ledgerView(rows, { filters: {}, sort: { key: 'ledgerMu', direction: 'asc' }, unitOrder: ['驿城区', '西平县'] });
    expect(view.groups.map((g) => g.unitName)).toEqual(['驿城区', '西平县', '开发区', NO_UNIT]);
    expect(view.groups[0]).toMatchObject({ count: 2, ledgerMu: 42.5, disposedMu: 10 });
    expect(view.groups[0]!.rows.map((r) => r.ledgerMu)).toEqual([12.5, 30]);
    expect(view.total).toEqual({ count: 5, ledgerMu: 55, disposedMu: 11.5 });
    expect(view.groups.reduce((s, g) => s + g.ledgerMu, 0)).toBe(view.total.ledgerMu);
  });

  it('regroups rows given in the shown order into the same groups (what the export relies on)', () => {
    const view = ledgerView(rows, { filters: { ledgerMu: { kind: 'range', min: 1, max: null } }, sort: { key: 'code', direction: 'desc' }, unitOrder: ['西平县'] });
    const again = runsByUnit(view.groups.flatMap((g) => g.rows));
    expect(again).toEqual(view.groups);
  });

  it('carries a view through query parameters unchanged, and names a bad one', () => {
    const view = { columns: ['code', 'ledgerMu', 'unitName'] as const, sort: { key: 'ledgerMu', direction: 'desc' } as const, filters: { status: { kind: 'values', values: ['planned'] } } as const };
    const parsed = parseViewParams(viewQuery({ ...view, columns: [...view.columns], filters: { status: { kind: 'values', values: ['planned'] } } }));
    expect(parsed).toEqual({ ok: true, value: { columns: ['code', 'ledgerMu', 'unitName'], sort: { key: 'ledgerMu', direction: 'desc' }, filters: { status: { kind: 'values', values: ['planned'] } } } });
    expect(parseViewParams({ columns: 'code,geometry' })).toMatchObject({ ok: false, message: expect.stringContaining('geometry') });
    expect(parseViewParams({ sort: 'ledgerMu:up' })).toMatchObject({ ok: false });
    expect(parseViewParams({ filters: '{"code":{"kind":"regex"}}' })).toMatchObject({ ok: false });
  });
});

describe('one filter state for the map and the table', () => {
  const units = [{ id: 3, name: '驿城区' }, { id: 4, name: '确山县' }];

  it("reads the map's filters as the table's 类别, 状态 and 所在单位 filters, and writes the table's picks back", () => {
    const map: MapFilters = { categories: ['expropriated_not_supplied'], statuses: [], unitId: 4 };
    expect(ledgerFiltersOf(map, units)).toEqual({ category: { kind: 'values', values: ['expropriated_not_supplied'] }, status: undefined, unitName: { kind: 'values', values: ['确山县'] } });
    expect(withColumnFilter(map, 'status', { kind: 'values', values: ['planned'] }, units)).toEqual({ ...map, statuses: ['planned'] });
    expect(withColumnFilter(map, 'category', undefined, units).categories).toEqual([]);
    // The map filters by one unit: the one picked last.
    expect(withColumnFilter(map, 'unitName', { kind: 'values', values: ['确山县', '驿城区'] }, units).unitId).toBe(3);
    expect(withColumnFilter(map, 'unitName', undefined, units).unitId).toBeNull();
    // A round trip gives back the map's state.
    const back = (['category', 'status', 'unitName'] as const).reduce((f, c) => withColumnFilter(f, c, ledgerFiltersOf(map, units)[c], units), { categories: [], statuses: [], unitId: null } as MapFilters);
    expect(back).toEqual(map);
  });

  it('finds a parcel under every unit its boundary lies in, as the map does; without a boundary, under its stored unit', () => {
    const straddling = row({ code: 'S-1', unitName: '驿城区', inUnits: ['确山县', '驿城区'] });
    const unmapped = row({ code: 'S-2', unitName: '确山县', inUnits: [] });
    const only = row({ code: 'S-3', unitName: '驿城区', inUnits: ['驿城区'] });
    const codes = (unit: string) => filterRows([straddling, unmapped, only], { unitName: { kind: 'values', values: [unit] } }).map((r) => r.code);
    expect(codes('确山县')).toEqual(['S-1', 'S-2']);
    expect(codes('驿城区')).toEqual(['S-1', 'S-3']);
  });
});
