import { describe, expect, it } from 'vitest';
import { numberCell, type SheetRow } from '../../core/campaign-setup/cells.ts';
import { parseCampaignDefinition } from '../../core/campaign-setup/definition.ts';
import { matchRow } from '../../core/campaign-setup/match.ts';
import { derivedTasks, parseAnnex2, parseAnnex3, parseAnnex4, type SheetContext } from '../../core/campaign-setup/sheets.ts';
import { fieldsOf, guessMapping, judgeOverlaps, unitsFromFeatures } from '../../core/campaign-setup/units.ts';

const units = [
  { code: '411702', name: '驿城区', fullName: '驿城区' },
  { code: '411700-kaifaqu', name: '开发区', fullName: '驻马店经济开发区' },
];
const context: SheetContext = { units, subtotals: ['中心城区合计'], taskTypes: ['approved_not_supplied', 'idle', 'inefficient'] };
const rows = (...cells: Array<Array<string | number | null>>): SheetRow[] => cells.map((c, i) => ({ number: i + 1, cells: c }));

describe('campaign definition', () => {
  const valid = {
    name: '某市专项行动', level: { code: '411700', name: '驻马店市', kind: 'city' }, startDate: '2021-05-07', endDate: '2021-12-20',
    milestones: [{ date: '2021-09-30', targetPct: 70 }, { date: '2021-11-30', targetPct: 100 }], tolerance: { relative: 0.01, absoluteMu: 0.5 },
    taskTypes: ['idle', 'approved_not_supplied'],
  };

  it('accepts a complete definition and keeps task types in the standard order', () => {
    const parsed = parseCampaignDefinition(valid);
    expect(parsed.ok && parsed.value.taskTypes).toEqual(['approved_not_supplied', 'idle']);
  });

  it('requires milestones to rise in date and target, within the campaign', () => {
    const parsed = parseCampaignDefinition({ ...valid, milestones: [{ date: '2021-09-30', targetPct: 70 }, { date: '2021-10-30', targetPct: 70 }, { date: '2022-01-01', targetPct: 100 }] });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.problems['milestones.1.targetPct']).toContain('须高于第 1 个');
      expect(parsed.problems['milestones.2.date']).toBe('第 3 个节点的日期须在专项行动起止日期之内');
    }
  });

  it('names the level, the tolerance and impossible dates', () => {
    const parsed = parseCampaignDefinition({ ...valid, level: { code: '', name: '', kind: 'province' }, startDate: '2021-02-30', tolerance: { relative: 0.9, absoluteMu: 0.5 } });
    expect(parsed.ok ? [] : Object.keys(parsed.problems).sort()).toEqual(['level.code', 'level.kind', 'level.name', 'startDate', 'tolerance']);
  });
});

describe('numbers in cells', () => {
  it.each([
    [1234, 1234], ['1,234.5', 1234.5], [' 60% ', 0.6], ['', null], [null, null], ['-', null],
  ] as const)('%s → %s', (cell, value) => expect(numberCell(cell, { rate: typeof value === 'number' && value < 1 })).toEqual({ ok: true, value }));

  it('refuses text, negatives and fractional counts, saying why', () => {
    expect(numberCell('约100')).toEqual({ ok: false, message: '“约100”不是数字' });
    expect(numberCell(-3)).toEqual({ ok: false, message: '不能为负数（-3）' });
    expect(numberCell(2.5, { integer: true })).toMatchObject({ ok: false });
    expect(numberCell(60, { rate: true })).toEqual({ ok: true, value: 0.6 });
    expect(numberCell('150%', { rate: true })).toMatchObject({ ok: false });
  });
});

describe('matching row labels to units', () => {
  it('matches by name, full name or code, ignoring spaces; totals and named subtotals are rows of their own', () => {
    expect(matchRow('驿 城 区', units)).toMatchObject({ kind: 'unit', unit: { code: '411702' } });
    expect(matchRow('驻马店经济开发区', units)).toMatchObject({ kind: 'unit', unit: { code: '411700-kaifaqu' } });
    expect(matchRow('411702', units)).toMatchObject({ kind: 'unit', unit: { name: '驿城区' } });
    expect(matchRow('合 计', units)).toEqual({ kind: 'total', label: '合计' });
    expect(matchRow('中心城区合计', units, ['中心城区合计'])).toEqual({ kind: 'total', label: '中心城区合计' });
    expect(matchRow('西平县', units)).toEqual({ kind: 'unknown' });
  });
});

describe('附件2', () => {
  it('reads units and totals as stated, with rates from percent text', () => {
    const result = parseAnnex2(rows(
      ['附件2'], ['单位：亩'],
      ['县 区', '批准面积', '供应面积', '未供面积', '下达任务率', '下达任务量', '盘活面积'],
      ['驿城区', 38079, 27581, 10498, '60%', 6299, null],
      ['开发区', 29842, 22686, 7156, 0.6, 4294, null],
      [null, null, null], ['合 计', 1, 2, 3, 0.6, 5],
    ), context);
    expect(result.problems).toEqual([]);
    expect(result.lines.map((l) => [l.row, l.unitCode, l.label, l.rate, l.taskMu])).toEqual([[4, '411702', '驿城区', 0.6, 6299], [5, '411700-kaifaqu', '开发区', 0.6, 4294], [7, null, '合计', 0.6, 5]]);
  });

  it('reports duplicate units and a missing unit column', () => {
    const dup = parseAnnex2(rows(['县区', '批准面积', '供应面积', '未供面积', '下达任务率', '下达任务量'], ['驿城区', 1, 1, 0, 0.6, 0], ['411702', 1, 1, 0, 0.6, 0]), context);
    expect(dup.problems.map((p) => p.message)).toEqual(['第 3 行：“411702”与第 2 行重复']);
    expect(parseAnnex2(rows(['', '批准面积', '供应面积', '未供面积', '下达任务率', '下达任务量']), context).problems[0]!.message).toContain('缺少单位列');
  });

  it('is refused for a campaign that does not track 批而未供', () => {
    expect(parseAnnex2(rows(['县区', '批准面积']), { ...context, taskTypes: ['idle'] }).problems[0]!.message).toContain('不考核批而未供');
  });
});

describe('附件3', () => {
  const sheet = rows(
    ['序号', '行政区域', '2020年省厅下达闲置土地任务基数', null, null, null, '低效工业用地', null, null, null],
    [null, null, '宗数', '面积', '2021年完成任务率', '2021年完成任务量', '宗数', '面积', '2021年完成任务率', '2021年完成任务量'],
    ['总计', null, 16, 1038, null, 623, 2, 230, null, 138],
    [1, '驿城区', 16, 1038, 0.6, 623, 2, 230, '60%', 138],
    [2, '开发区', 13, 560, 0.6, 336, null, null, 0.6, 0],
  );

  it('reads each list under its heading, 总计 from the 序号 column, empty cells as null', () => {
    const result = parseAnnex3(sheet, context);
    expect(result.problems).toEqual([]);
    expect(result.lines.map((l) => [l.label, l.unitCode])).toEqual([['总计', null], ['驿城区', '411702'], ['开发区', '411700-kaifaqu']]);
    expect(result.lines[2]!.cells).toEqual([
      { list: '2020年省厅下达闲置土地任务基数', taskType: 'idle', count: 13, areaMu: 560, rate: 0.6, taskMu: 336 },
      { list: '低效工业用地', taskType: 'inefficient', count: null, areaMu: null, rate: 0.6, taskMu: 0 },
    ]);
    expect(derivedTasks([], result.lines)).toEqual([
      { unitCode: '411702', taskType: 'idle', taskMu: 623, document: '附件3' },
      { unitCode: '411702', taskType: 'inefficient', taskMu: 138, document: '附件3' },
      { unitCode: '411700-kaifaqu', taskType: 'idle', taskMu: 336, document: '附件3' },
      { unitCode: '411700-kaifaqu', taskType: 'inefficient', taskMu: 0, document: '附件3' },
    ]);
  });

  it('refuses a list of a task type the campaign does not track, and bad cells by row', () => {
    expect(parseAnnex3(sheet, { ...context, taskTypes: ['approved_not_supplied', 'idle'] }).problems[0]!.message).toContain('“低效工业用地”属于低效用地');
    const bad = parseAnnex3([...sheet.slice(0, 2), { number: 9, cells: [3, '驿城区', 'x', 1, 0.6, 1, 1, 1, 0.6, 1] }], context);
    expect(bad.problems.map((p) => p.message)).toEqual(['第 9 行“2020年省厅下达闲置土地任务基数 宗数”列：“x”不是数字']);
  });
});

describe('附件4', () => {
  it('takes only the columns under 下达任务量', () => {
    const result = parseAnnex4(rows(
      ['全市批而未用土地处置周报表'],
      ['县 区', '下达任务量', null, null, '本周处置量', null, null],
      [null, '批而未供土地', '闲置土地', '低效工业用地', '批而未供土地', '闲置土地', '低效工业用地'],
      ['驿城区', 6299, 1663, 138, 5, 5, 5],
      ['合 计', 39814, 9214, 1721],
    ), context);
    expect(result.problems).toEqual([]);
    expect(result.lines.map((l) => [l.label, l.tasks])).toEqual([
      ['驿城区', { approved_not_supplied: 6299, idle: 1663, inefficient: 138 }],
      ['合计', { approved_not_supplied: 39814, idle: 9214, inefficient: 1721 }],
    ]);
  });
});

describe('units from boundary features', () => {
  const square = { type: 'MultiPolygon' as const, coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]]] };
  const features = [
    { index: 1, source: '第 1 个要素', attributes: { XZQMC: '甲镇', XZQDM: '001', illustrative: true }, geometry: square, errors: [] },
    { index: 2, source: '第 2 个要素', attributes: { XZQMC: '乙镇', XZQDM: '001' }, geometry: null, errors: [] },
    { index: 3, source: '第 3 个要素', attributes: { XZQMC: '', XZQDM: '003' }, geometry: square, errors: [] },
  ];

  it('offers the fields with samples and guesses name and code', () => {
    const fields = fieldsOf(features);
    expect(fields.map((f) => f.name)).toEqual(['XZQMC', 'XZQDM', 'illustrative']);
    expect(fields[0]!.samples).toEqual(['甲镇', '乙镇']);
    expect(guessMapping(fields)).toEqual({ name: 'XZQMC', code: 'XZQDM' });
  });

  it('gives each unit its own errors: empty name, duplicate code, no boundary', () => {
    const drafts = unitsFromFeatures(features, { name: 'XZQMC', code: 'XZQDM', illustrative: 'illustrative' }, 'town');
    expect(drafts[0]).toMatchObject({ name: '甲镇', kind: 'town', illustrative: true, errors: [] });
    expect(drafts[1]!.errors).toEqual(['没有边界图形', '代码“001”与第 1 个要素重复']);
    expect(drafts[2]!.errors).toEqual(['名称字段“XZQMC”为空']);
  });

  it('refuses overlaps at or above the threshold, tolerates smaller ones', () => {
    const verdict = judgeOverlaps([{ a: 'x', b: 'y', overlapMu: 0.005 }, { a: 'x', b: 'z', overlapMu: 0.01 }, { a: 'y', b: 'z', overlapMu: 3 }]);
    expect(verdict.refused.map((o) => o.overlapMu)).toEqual([3, 0.01]);
    expect(verdict.tolerated.map((o) => o.overlapMu)).toEqual([0.005]);
  });
});
