import { describe, expect, it } from 'vitest';
import { parseIdleAssessment } from '../../core/warnings/idle-assessment.ts';

const problems = (body: Record<string, unknown>) => {
  const r = parseIdleAssessment(body);
  return r.ok ? [] : r.problems;
};

describe('reading the idle-land inputs a person records', () => {
  it('takes shares as 0–1 or as percent text, and dates as YYYY-MM-DD', () => {
    const r = parseIdleAssessment({ actualStartDate: '2020-03-01', haltedSince: '2020-09-01', developedShare: 0.2, investmentShare: '35%' });
    expect(r).toEqual({ ok: true, value: { actualStartDate: '2020-03-01', haltedSince: '2020-09-01', developedShare: 0.2, investmentShare: 0.35, governmentCause: false, governmentCauseNote: null } });
    expect(parseIdleAssessment({ actualStartDate: '2020-03-01', developedShare: '100%', investmentShare: '0.5' })).toMatchObject({ value: { developedShare: 1, investmentShare: 0.5 } });
  });

  it('refuses a bare 35, more than 100%, impossible dates, and says why in Chinese', () => {
    expect(problems({ actualStartDate: '2020-03-01', developedShare: 35 })[0]).toContain('已开发面积比例应为 0 到 1 之间的比例');
    expect(problems({ actualStartDate: '2020-03-01', investmentShare: '120%' })[0]).toContain('已投资比例');
    expect(problems({ actualStartDate: '2021-02-30' })[0]).toBe('实际开工日期应为 YYYY-MM-DD 格式的有效日期，收到“2021-02-30”');
  });

  it('requires a note for a government cause, and a start before a halt', () => {
    expect(problems({ governmentCause: true })).toEqual(['认定为政府原因时，须填写政府原因说明（如规划调整、征地拆迁未完成等）']);
    expect(problems({ governmentCause: true, governmentCauseNote: '   ' })).toHaveLength(1);
    expect(problems({ governmentCause: true, governmentCauseNote: '征地拆迁未完成' })).toEqual([]);
    expect(problems({ governmentCause: 'yes', governmentCauseNote: 'x' })).toEqual(['是否政府原因应为 true 或 false']);
    expect(problems({ haltedSince: '2020-01-01' })).toEqual(['填写停工日期前，须先填写实际开工日期']);
    expect(problems({ actualStartDate: '2020-03-01', haltedSince: '2020-01-01' })).toEqual(['停工日期不能早于实际开工日期']);
    expect(problems({ developedShare: 0.5 })[0]).toContain('尚未动工');
  });
});
