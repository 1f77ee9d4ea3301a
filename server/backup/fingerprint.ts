import type { Queryable } from '../db/types.ts';

/**
 * What a backup must keep of the ledger, in a few numbers: counts of parcels, history rows and disposal records, the
 * sum of parcel versions, the data version, and an md5 over every parcel's code, ledger mu and boundary (WKT), in id
 * order. Two databases with the same fingerprint hold the same ledger.
 */
export interface LedgerFingerprint {
  parcels: number;
  history: number;
  disposals: number;
  versionSum: number;
  dataVersion: number;
  users: number;
  hash: string;
}

export async function ledgerFingerprint(db: Queryable): Promise<LedgerFingerprint> {
  const [row] = await db.query<LedgerFingerprint>(`SELECT
      (SELECT count(*)::int FROM parcels) AS parcels,
      (SELECT count(*)::int FROM parcel_history) AS history,
      (SELECT count(*)::int FROM disposal_records) AS disposals,
      (SELECT coalesce(sum(version), 0)::int FROM parcels) AS "versionSum",
      (SELECT version::int FROM data_version) AS "dataVersion",
      (SELECT count(*)::int FROM users) AS users,
      (SELECT md5(coalesce(string_agg(code || '|' || ledger_mu::text || '|' || coalesce(ST_AsText(geom), ''), E'\\n' ORDER BY id), ''))
         FROM parcels) AS hash`);
  return row!;
}

/** The fingerprint as lines for a person (npm run backup -- --check). */
export function fingerprintLines(f: LedgerFingerprint): string[] {
  return [
    `地块：${f.parcels} 宗（版本号合计 ${f.versionSum}）`,
    `历史记录：${f.history} 条`,
    `处置记录：${f.disposals} 条`,
    `账户：${f.users} 个`,
    `数据版本：${f.dataVersion}`,
    `地块编号、台账面积与边界的校验值（md5）：${f.hash}`,
  ];
}
