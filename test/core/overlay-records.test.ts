import { describe, expect, it } from 'vitest';
import { batchFromAttributes, supplyFromAttributes, type BatchMapping, type SupplyMapping } from '../../core/approval-overlay/records.ts';

const usual: BatchMapping = { batchName: null, approvalNumber: null, approvalDate: null, approvedMu: null, areaUnit: 'mu' };
const usualSupply: SupplyMapping = { supervisionNumber: null, supplyDate: null, suppliedMu: null, areaUnit: 'mu' };

describe('batch attributes', () => {
  it('finds the usual Chinese headers and shapefile abbreviations', () => {
    expect(batchFromAttributes({ 批次名称: ' 2019年第3批次 ', 批准文号: '豫政土〔2019〕3号', 批准日期: '2019/6/3', 批准面积: '120.5' }, usual, null)).toEqual({
      ok: true, value: { batchName: '2019年第3批次', approvalNumber: '豫政土〔2019〕3号', approvalDate: '2019-06-03', approvedMu: 120.5 },
    });
    expect(batchFromAttributes({ PCMC: 'A', PZRQ: '2019年6月30日', PZMJ: 2 }, { ...usual, areaUnit: 'ha' }, null)).toMatchObject({ ok: true, value: { batchName: 'A', approvalDate: '2019-06-30', approvedMu: 30 } });
  });

  it('uses the chosen field only, and the file-stated area when no area field is found', () => {
    expect(batchFromAttributes({ 批次名称: 'X', 名: 'Y' }, { ...usual, batchName: '名' }, 7)).toMatchObject({ ok: true, value: { batchName: 'Y', approvedMu: 7 } });
    const missing = batchFromAttributes({ 批次名称: 'X' }, { ...usual, batchName: '名' }, null);
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.errors[0]).toContain('字段“名”');
  });

  it('converts m² to mu and rejects what is not an area or a date', () => {
    expect(batchFromAttributes({ 批次名称: 'X', 批准面积: 6666.666 }, { ...usual, areaUnit: 'm2' }, null)).toMatchObject({ ok: true, value: { approvedMu: expect.closeTo(10, 4) } });
    const bad = batchFromAttributes({ 批次名称: 'X', 批准面积: -3, 批准日期: '2019-13-01' }, usual, null);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors).toHaveLength(2);
  });
});

describe('supply attributes', () => {
  it('checks the supervision number format and keeps records without one', () => {
    expect(supplyFromAttributes({ 电子监管号: '4117022019B00345', 供地日期: '2019-05-01', 供应面积: 3 }, usualSupply, null)).toEqual({
      ok: true, value: { supervisionNumber: '4117022019B00345', supplyDate: '2019-05-01', suppliedMu: 3 },
    });
    expect(supplyFromAttributes({}, usualSupply, null)).toEqual({ ok: true, value: { supervisionNumber: null, supplyDate: null, suppliedMu: null } });
    expect(supplyFromAttributes({ 电子监管号: '411702' }, usualSupply, null).ok).toBe(false);
  });
});
