import type { Queryable } from '../db/types.ts';

export interface UnitLeader {
  unitId: number;
  leader: string;
  title: string | null;
}

/** 领导干部分包: the leader answerable for each unit of a campaign (units without one are absent). */
export async function unitLeaders(db: Queryable, campaignId: number): Promise<Map<number, UnitLeader>> {
  const rows = await db.query<UnitLeader>('SELECT unit_id AS "unitId", leader, title FROM unit_leaders WHERE campaign_id = $1', [campaignId]);
  return new Map(rows.map((r) => [r.unitId, r]));
}

/** Every unit of a campaign in the campaign's order, with its leader or null: what the desk's 分包 form lists. */
export async function unitLeaderList(db: Queryable, campaignId: number): Promise<Array<{ unitId: number; unit: string; leader: string | null; title: string | null }>> {
  return db.query(
    `SELECT u.id AS "unitId", u.name AS unit, l.leader, l.title
     FROM campaign_units cu JOIN units u ON u.id = cu.unit_id
     LEFT JOIN unit_leaders l ON l.campaign_id = cu.campaign_id AND l.unit_id = cu.unit_id
     WHERE cu.campaign_id = $1 ORDER BY cu.sort_order`,
    [campaignId],
  );
}

/** How a report names a unit's leader: 姓名（职务）. */
export const leaderText = (l: UnitLeader | undefined): string => (l ? (l.title ? `${l.leader}（${l.title}）` : l.leader) : '');

/** Records a unit's leader, or removes it when `leader` is null. */
export async function setUnitLeader(db: Queryable, campaignId: number, unitId: number, leader: string | null, title: string | null): Promise<void> {
  if (leader == null) {
    await db.query('DELETE FROM unit_leaders WHERE campaign_id = $1 AND unit_id = $2', [campaignId, unitId]);
    return;
  }
  await db.query(
    `INSERT INTO unit_leaders (campaign_id, unit_id, leader, title) VALUES ($1, $2, $3, $4)
     ON CONFLICT (campaign_id, unit_id) DO UPDATE SET leader = EXCLUDED.leader, title = EXCLUDED.title`,
    [campaignId, unitId, leader, title],
  );
}
