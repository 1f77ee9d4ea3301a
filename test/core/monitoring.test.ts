import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TOLERANCE } from '../../core/ledger-check.ts';
import { areaUnitOf, compareWithMonitoring, parseCsv, readMonitoringRows, type LedgerParcel } from '../../core/monitoring.ts';
import { EXTRA_NUMBERS, FIXTURE, supervisedDemoParcels } from '../fixtures/monitoring/make-fixture.ts';

const ledgerOf = async (): Promise<LedgerParcel[]> =>
  (await supervisedDemoParcels()).map((p, i) => ({ id: i + 1, code: p.code, projectName: p.projectName, supervisionNumber: p.supervisionNumber, ledgerMu: p.ledgerMu }));

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and newlines, numbering records as a spreadsheet does', () => {
    const rows = parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\n"two\nlines",\n');
    expect(rows).toEqual([
      { number: 1, cells: ['a', 'b'] },
      { number: 2, cells: ['x, y', 'say "hi"'] },
      { number: 3, cells: ['two\nlines', null] },
    ]);
  });
});

describe('area unit from the header', () => {
  it.each([['供地面积(公顷)', '公顷'], ['供地面积（亩）', '亩'], ['出让面积/平方米', '平方米'], ['面积', null]] as const)('%s → %s', (header, unit) => {
    expect(areaUnitOf(header)).toBe(unit);
  });
});

describe('the monitoring fixture against the demo ledger', () => {
  it('lists exactly the deliberate differences', async () => {
    const list = readMonitoringRows(parseCsv(await readFile(FIXTURE, 'utf8')));
    expect(list.problems).toEqual([]);
    expect(list.areaUnit).toBe('公顷');
    const ledger = await ledgerOf();
    const result = compareWithMonitoring(list.records, ledger, DEFAULT_TOLERANCE);
    expect(result.missingInMonitoring.map((p) => p.code)).toEqual(ledger.slice(0, 3).map((p) => p.code));
    expect(result.missingInLedger.map((r) => r.supervisionNumber)).toEqual(EXTRA_NUMBERS);
    expect(result.missingInLedger[0]!.projectName).toBe('监测系统独有项目1, "待核"');
    expect(result.missingInLedger[0]!.areaMu).toBeCloseTo(18, 9);
    // The 4th parcel is 5% larger in the monitoring system, the 5th 3% smaller; the 6th (+0.3 mu) is within tolerance.
    expect(result.areaDifferences.map((d) => d.code).sort()).toEqual([ledger[3]!.code, ledger[4]!.code].sort());
    const fourth = result.areaDifferences.find((d) => d.code === ledger[3]!.code)!;
    expect(fourth.diffMu).toBeCloseTo(-0.05 * ledger[3]!.ledgerMu, 1);
    expect(fourth.parcelId).toBe(4);
    expect(result.areaDifferences.find((d) => d.code === ledger[4]!.code)!.diffMu).toBeCloseTo(0.03 * ledger[4]!.ledgerMu, 1);
    // The 7th, written "411700 2018b…", still matches.
    expect(result.matched).toBe(ledger.length - 3);
  });

  it('converts 亩 and 平方米 columns and reports bad rows by number', () => {
    const rows = parseCsv('电子监管号,项目名称,出让面积（亩）\nA1,甲,12\nA2,乙,abc\n,丙,3\nA1,丁,4\n');
    const list = readMonitoringRows(rows);
    expect(list.areaUnit).toBe('亩');
    expect(list.records.map((r) => [r.supervisionNumber, r.areaMu])).toEqual([['A1', 12], ['A2', null]]);
    expect(list.problems.map((p) => p.row)).toEqual([3, 4, 5]);
    expect(list.problems[0]!.message).toContain('“abc”不是数字');
    expect(readMonitoringRows(parseCsv('编号,面积\n1,2\n')).problems[0]!.message).toContain('电子监管号');
  });

  it('applies the campaign tolerance: the larger of the relative share and the absolute mu', () => {
    const parcel = { id: 1, code: 'P', projectName: 'x', supervisionNumber: 'N', ledgerMu: 100 };
    const at = (mu: number, tolerance = DEFAULT_TOLERANCE) => compareWithMonitoring([{ row: 2, supervisionNumber: 'N', projectName: null, areaMu: mu, dates: {} }], [parcel], tolerance).areaDifferences.length;
    expect(at(101)).toBe(0);
    expect(at(101.01)).toBe(1);
    expect(at(101.01, { relative: 0, absoluteMu: 2 })).toBe(0);
  });
});
