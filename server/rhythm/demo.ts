import type { IsoDate } from '../../core/dates.ts';
import type { Queryable } from '../db/types.ts';
import { setUnitLeader } from './leaders.ts';
import { saveRhythmSettings } from './settings.ts';

/**
 * The seed documents' rhythm for the demo campaigns: Zhumadian reports every Friday afternoon and is ranked monthly
 * from June (its footer: 主办 市自然资源和规划局, 督办 协调落实六科, 2021年5月8日印发); Anze's footer, and its town heads
 * from the leading group (附件: 领导小组) as the towns' responsible leaders (分包); and Zhumadian's key cases
 * (重点案件挂牌督办) as the city put them under supervision in the summer of 2021 — two of them overdue by 10-15, one closed.
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
  await seedDemoKeyCases(db, campaigns.zhumadian);
}

/** Zhumadian's demo key cases: which parcels (the first of a category in a unit), leader, dates, and one closing. */
const DEMO_KEY_CASES: Array<{ unit: string; category: string; parcels: number; title: string; leader: string; createdOn: string; deadline: string; outcome: string; closed?: { on: string; note: string } }> = [
  { unit: '上蔡县', category: 'idle', parcels: 2, title: '上蔡县闲置土地久拖未处置', leader: '市政府督查室', createdOn: '2021-07-16', deadline: '2021-09-30', outcome: '完成闲置土地认定，下达处置决定书' },
  { unit: '确山县', category: 'expropriated_not_supplied', parcels: 2, title: '确山县征而未供地块限期供应', leader: '市自然资源和规划局', createdOn: '2021-08-06', deadline: '2021-10-08', outcome: '完成出让或划拨供地' },
  { unit: '正阳县', category: 'approved_not_expropriated', parcels: 1, title: '正阳县批而未征地块加快征收', leader: '市自然资源和规划局', createdOn: '2021-09-03', deadline: '2021-11-15', outcome: '完成征收并纳入储备' },
  { unit: '驿城区', category: 'idle', parcels: 2, title: '驿城区供后闲置地无偿收回', leader: '市政府督查室', createdOn: '2021-07-16', deadline: '2021-09-30', outcome: '下达无偿收回决定书', closed: { on: '2021-09-24', note: '9月22日下达无偿收回决定书，已送达' } },
];

async function seedDemoKeyCases(db: Queryable, campaignId: number): Promise<void> {
  for (const k of DEMO_KEY_CASES) {
    const [row] = await db.query<{ id: number }>(
      `INSERT INTO key_cases (campaign_id, title, leader, deadline, required_outcome, created_by, created_on, closed_on, closed_by, close_note)
       VALUES ($1, $2, $3, $4, $5, '演示数据', $6, $7, $8, $9) RETURNING id`,
      [campaignId, k.title, k.leader, k.deadline, k.outcome, k.createdOn, k.closed?.on ?? null, k.closed ? '演示数据' : null, k.closed?.note ?? null],
    );
    await db.query(
      `INSERT INTO key_case_parcels (case_id, parcel_id)
       SELECT $1, p.id FROM parcels p JOIN units u ON u.id = p.unit_id
       WHERE p.campaign_id = $5 AND u.name = $2 AND p.category = $3 AND p.deleted_at IS NULL ORDER BY p.code LIMIT $4`,
      [row!.id, k.unit, k.category, k.parcels, campaignId],
    );
  }
}
