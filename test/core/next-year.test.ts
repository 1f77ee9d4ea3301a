import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseCampaignDefinition, type CampaignDefinition } from '../../core/campaign-setup/definition.ts';
import { nextYearDefinition } from '../../core/campaign-setup/next-year.ts';
import type { IsoDate } from '../../core/dates.ts';

async function zhumadian2021(): Promise<CampaignDefinition> {
  const parsed = parseCampaignDefinition(JSON.parse(await readFile('data/campaigns/zhumadian-2021/campaign.json', 'utf8')));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.value;
}

describe('新建年度行动: next year’s campaign from this one', () => {
  it('shifts dates, phases and milestones a year and keeps what the bureau set, for Zhumadian 2021 → 2022', async () => {
    const before = await zhumadian2021();
    const next = nextYearDefinition(before);
    expect([next.startDate, next.endDate]).toEqual(['2022-05-07', '2022-12-20']);
    expect(next.milestones.map((m) => [m.date, m.targetPct])).toEqual(before.milestones.map((m) => [`2022${m.date.slice(4)}`, m.targetPct]));
    expect(next.phases.map((p) => p.name)).toEqual(before.phases.map((p) => p.name));
    expect(next.phases[0]).toMatchObject({ startDate: '2022-05-07', endDate: '2022-05-14' });
    expect(next.key).toBe('zhumadian-2022');
    expect(next.document).toBeNull();
    expect([next.taskTypes, next.tolerance, next.subtotals, next.level]).toEqual([before.taskTypes, before.tolerance, before.subtotals, before.level]);
    // The definition it proposes is one the setup form accepts as it is.
    expect(parseCampaignDefinition(next).ok).toBe(true);
  });

  it('names the new year where the old name had none, and moves a leap day to 28 February', async () => {
    const before = { ...(await zhumadian2021()), name: '驻马店市批而未用土地盘活利用专项行动', key: 'zmd', startDate: '2024-02-29' as IsoDate, milestones: [{ date: '2024-02-29' as IsoDate, targetPct: 10 }], phases: [] };
    const next = nextYearDefinition(before);
    expect(next.name).toBe('驻马店市批而未用土地盘活利用专项行动（2025年度）');
    expect(next.key).toBe('zmd-2025');
    expect(next.startDate).toBe('2025-02-28');
    expect(next.milestones[0]!.date).toBe('2025-02-28');
  });
});
