import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ledgerAgainstBase, reconcileTables, type Tables } from '../../core/reconcile.ts';

/** The Zhumadian seed's three tables, straight from data/campaigns (every figure as the document prints it). */
function zhumadian(): Tables {
  const d = JSON.parse(readFileSync('data/campaigns/zhumadian-2021.json', 'utf8'));
  const label = (r: any) => r.unit ?? r.label;
  return {
    annex2: d.annex2.rows.map((r: any) => ({ label: label(r), isUnit: !!r.unit, approvedMu: r.approvedMu, suppliedMu: r.suppliedMu, unsuppliedMu: r.unsuppliedMu, rate: r.rate, taskMu: r.taskMu })),
    annex3: d.annex3.rows.map((r: any) => ({
      label: label(r),
      isUnit: !!r.unit,
      cells: Object.entries(d.annex3.lists).map(([key, list]: [string, any]) => ({ list: list.label, taskType: list.taskType, ...r[key] })),
    })),
    annex4: d.annex4.rows.map((r: any) => ({ label: label(r), isUnit: !!r.unit, tasks: { approved_not_supplied: r.approved_not_supplied, idle: r.idle, inefficient: r.inefficient } })),
    subtotals: { 中心城区合计: ['驿城区', '开发区', '示范区', '高新区'] },
  };
}

describe('reconciling the seed tables', () => {
  const differences = reconcileTables(zhumadian());
  const line = (d: (typeof differences)[number]) => `${d.table}|${d.row}|${d.check}|${d.stated}|${d.computed}|${d.diff}`;

  it('finds every inconsistency of the Zhumadian document, worked out by hand, with its size in mu', () => {
    expect(differences.map(line).sort()).toEqual([
      '附件2|中心城区合计|下达任务量 = 各单位之和|16847|16848|-1',
      '附件2|中心城区合计|未供面积 = 批准面积 − 供应面积|28078|28079|-1',
      '附件2|合计|下达任务量 = 各单位之和|39812|39814|-2',
      '附件2|合计|批准面积 = 各单位之和|273036|273037|-1',
      '附件2|合计|供应面积 = 各单位之和|206683|206684|-1',
      '附件2|平舆县|未供面积 = 批准面积 − 供应面积|3095|3096|-1',
      '附件2|泌阳县|未供面积 = 批准面积 − 供应面积|1334|1333|1',
      '附件2|西平县|未供面积 = 批准面积 − 供应面积|3496|3495|1',
      '附件2|高新区|未供面积 = 批准面积 − 供应面积|6851|6852|-1',
      '附件3|总计 低效工业用地|完成任务量 = 各单位之和|1721|1722|-1',
      '附件4 / 附件2|合计|批而未供下达任务量与附件2一致|39814|39812|2',
      '附件4 / 附件3|平舆县|闲置土地下达任务量 = 附件3 各清单完成任务量之和|107|108|-1',
      '附件4 / 附件3|新蔡县|闲置土地下达任务量 = 附件3 各清单完成任务量之和|1384|1383|1',
      '附件4 / 附件3|正阳县|闲置土地下达任务量 = 附件3 各清单完成任务量之和|1274|1275|-1',
      '附件4 / 附件3|确山县|闲置土地下达任务量 = 附件3 各清单完成任务量之和|1063|1062|1',
      '附件4|合计|低效用地下达任务量 = 各单位之和|1721|1722|-1',
    ].sort());
  });

  it('finds nothing in tables that add up', () => {
    const clean: Tables = {
      annex2: [
        { label: 'A', isUnit: true, approvedMu: 100, suppliedMu: 60, unsuppliedMu: 40, rate: 0.6, taskMu: 24 },
        { label: '合计', isUnit: false, approvedMu: 100, suppliedMu: 60, unsuppliedMu: 40, rate: 0.6, taskMu: 24 },
      ],
      annex3: [],
      annex4: [{ label: 'A', isUnit: true, tasks: { approved_not_supplied: 24 } }, { label: '合计', isUnit: false, tasks: { approved_not_supplied: 24 } }],
      subtotals: {},
    };
    expect(reconcileTables(clean)).toEqual([]);
  });
});

describe('the ledger against the task base', () => {
  it('lists a unit whose parcels do not add up to its base, beyond the tolerance, with both figures', () => {
    const rows = [
      { unit: '甲县', taskType: 'approved_not_supplied' as const, baseMu: 1000, ledgerMu: 987.254, parcelCount: 12 },
      { unit: '乙县', taskType: 'idle' as const, baseMu: 300, ledgerMu: 299.6, parcelCount: 4 },
      { unit: '丙县', taskType: 'inefficient' as const, baseMu: null, ledgerMu: 50, parcelCount: 1 },
    ];
    expect(ledgerAgainstBase(rows, 0.5)).toEqual([
      { table: '台账 / 任务基数', row: '甲县', check: '批而未供：台账 12 宗地块面积合计 = 任务基数', stated: 1000, computed: 987.25, diff: 12.75 },
    ]);
    // 乙县 is 0.4 mu short: within 0.5, but not within 0.3.
    expect(ledgerAgainstBase(rows, 0.3).map((d) => d.row)).toEqual(['甲县', '乙县']);
  });
});
