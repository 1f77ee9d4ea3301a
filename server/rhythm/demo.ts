import type { IsoDate } from '../../core/dates.ts';
import type { Queryable } from '../db/types.ts';
import { setUnitLeader } from './leaders.ts';
import { saveRhythmSettings } from './settings.ts';

/**
 * The seed documents' rhythm for the demo campaigns: Zhumadian reports every Friday afternoon and is ranked monthly
 * from June (its footer: 主办 市自然资源和规划局, 督办 协调落实六科, 2021年5月8日印发); Anze's footer, and its town heads
 * from the leading group (附件: 领导小组) as the towns' responsible leaders (分包).
 */
export async function seedDemoRhythm(db: Queryable, campaigns: { zhumadian: number; anze: number }): Promise<void> {
  await saveRhythmSettings(db, campaigns.zhumadian, {
    deadlineWeekday: 5,
    deadlineTime: '18:00',
    rankingFrom: '2021-06-01' as IsoDate,
    footer: { host: '市自然资源和规划局', supervisor: '协调落实六科', issuer: '驻马店市人民政府办公室', date: '2021年5月8日' },
  });
  await saveRhythmSettings(db, campaigns.anze, {
    deadlineWeekday: 5,
    deadlineTime: '18:00',
    rankingFrom: null,
    footer: { host: '县自然资源局', supervisor: null, issuer: '安泽县人民政府办公室', date: '2023年6月9日' },
  });
  const towns: Array<[string, string, string]> = [
    ['开发区', '付强', '安泽经济技术开发区管委会副主任'],
    ['府城镇', '段东', '府城镇镇长'],
    ['唐城镇', '曹斌', '唐城镇镇长'],
    ['和川镇', '袁翠英', '和川镇镇长'],
    ['冀氏镇', '张甜', '冀氏镇镇长'],
    ['良马镇', '李泽敏', '良马镇镇长'],
    ['马壁镇', '娄雁楠', '马壁镇镇长'],
  ];
  const units = await db.query<{ id: number; name: string }>(
    'SELECT u.id, u.name FROM campaign_units cu JOIN units u ON u.id = cu.unit_id WHERE cu.campaign_id = $1',
    [campaigns.anze],
  );
  for (const [name, leader, title] of towns) {
    const unit = units.find((u) => u.name === name);
    if (unit) await setUnitLeader(db, campaigns.anze, unit.id, leader, title);
  }
}
