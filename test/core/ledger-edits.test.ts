import { describe, expect, it } from 'vitest';
import { DISPOSAL_METHODS } from '../../core/categories.ts';
import type { IsoDate } from '../../core/dates.ts';
import { applyBulkChanges, describeBulkChanges, parseBulkChanges } from '../../core/ledger/bulk.ts';
import { checkDisposal } from '../../core/ledger/disposal.ts';
import type { ParcelFields } from '../../core/parcel.ts';

const fields: ParcelFields = {
  code: 'X-1', projectName: '项目', category: 'idle', status: 'registered', ledgerMu: 20, approvalBatch: null, approvalNumber: null,
  approvalDate: null, approvedMu: null, supervisionNumber: null, supplyMethod: null, supplyDate: null, supplyPriceWan: null, landUse: null, landClassCode: null,
  landUser: null, agreedStartDate: null, reasons: null, sourceLists: [], disposalMethod: null, responsiblePerson: null, remarks: '旧备注',
};
const today = '2021-10-01' as IsoDate;

describe('bulk changes', () => {
  it('accepts only the bulk fields, at least one', () => {
    expect(parseBulkChanges({ status: 'planned', remarks: '' })).toEqual({ ok: true, value: { status: 'planned', remarks: null } });
    expect(parseBulkChanges({ ledgerMu: 3 })).toMatchObject({ ok: false, message: expect.stringContaining('ledgerMu') });
    expect(parseBulkChanges({})).toMatchObject({ ok: false });
    expect(parseBulkChanges([])).toMatchObject({ ok: false });
  });

  it('validates each parcel with the single-edit rules: a method must fit the category', () => {
    const ok = applyBulkChanges(fields, { disposalMethod: DISPOSAL_METHODS.idle[1]!, remarks: null });
    expect(ok).toMatchObject({ ok: true, value: { disposalMethod: DISPOSAL_METHODS.idle[1], remarks: null, code: 'X-1', ledgerMu: 20 } });
    const wrong = applyBulkChanges({ ...fields, category: 'inefficient' }, { disposalMethod: DISPOSAL_METHODS.idle[1]! });
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.problems[0]!.message).toContain('不适用于低效用地');
    expect(applyBulkChanges(fields, { status: 'nonsense' as never }).ok).toBe(false);
  });

  it('says the change in words', () => {
    expect(describeBulkChanges({ status: 'in_progress', responsiblePerson: null })).toBe('状态改为“处置中”；清空责任人');
  });
});

describe('a disposal record', () => {
  const parcel = { category: 'idle' as const, ledgerMu: 20, disposedMu: 15 };
  const record = { date: '2021-09-30', mu: 5, method: DISPOSAL_METHODS.idle[0], note: '' };

  it('may fill the parcel exactly, not beyond; the refusal states both figures in 亩', () => {
    expect(checkDisposal(record, parcel, today)).toEqual({ ok: true, value: { date: '2021-09-30', mu: 5, method: DISPOSAL_METHODS.idle[0], note: null } });
    const over = checkDisposal({ ...record, mu: 5.01 }, parcel, today);
    expect(over.ok).toBe(false);
    if (!over.ok) {
      expect(over.problems[0]!.message).toContain('合计 20.01 亩');
      expect(over.problems[0]!.message).toContain('台账面积 20.00 亩');
    }
  });

  it('refuses a date after today, an impossible date, no area, and a method of another task type', () => {
    const problems = (input: Record<string, unknown>) => {
      const r = checkDisposal({ ...record, ...input }, parcel, today);
      return r.ok ? [] : r.problems.map((p) => p.field);
    };
    expect(problems({ date: '2021-10-02' })).toEqual(['date']);
    expect(problems({ date: '2021-10-01' })).toEqual([]);
    expect(problems({ date: '2021-02-30' })).toEqual(['date']);
    expect(problems({ mu: 0 })).toEqual(['mu']);
    expect(problems({ mu: '3' })).toEqual(['mu']);
    expect(problems({ method: DISPOSAL_METHODS.inefficient[0] })).toEqual(['method']);
  });
});
