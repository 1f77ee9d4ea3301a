import type { ParcelSeed } from '../../core/parcel.ts';
import type { Queryable } from '../db/types.ts';

interface WriteOptions {
  actor: string;
  isDemo?: boolean;
}

/**
 * Inserts a parcel with its disposal records and a 'create' history entry, in the caller's transaction.
 * The unit is found by code; area and unit shares are kept by the database's triggers.
 */
export async function insertParcel(tx: Queryable, campaignId: number, seed: ParcelSeed, options: WriteOptions): Promise<number> {
  const [row] = await tx.query<{ id: number; after: unknown }>(
    `INSERT INTO parcels (campaign_id, code, project_name, category, status, unit_id, geom, ledger_mu, approval_batch,
       approval_number, approval_date, approved_mu, supervision_number, supply_method, supply_date, supply_price_wan,
       land_use, land_user, agreed_start_date, reasons, source_lists, disposal_method, responsible_person, remarks, is_demo)
     VALUES ($1, $2, $3, $4, $5, (SELECT id FROM units WHERE code = $6),
       CASE WHEN $7::text IS NULL THEN NULL ELSE ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($7::text), 4326)) END,
       $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)
     RETURNING id, to_jsonb(parcels.*) - 'geom' || jsonb_build_object('geometry', ST_AsGeoJSON(geom)::jsonb) AS after`,
    [campaignId, seed.code, seed.projectName, seed.category, seed.status, seed.unitCode,
      seed.geometry ? JSON.stringify(seed.geometry) : null, seed.ledgerMu, seed.approvalBatch, seed.approvalNumber,
      seed.approvalDate, seed.approvedMu, seed.supervisionNumber, seed.supplyMethod, seed.supplyDate, seed.supplyPriceWan,
      seed.landUse, seed.landUser, seed.agreedStartDate, seed.reasons, seed.sourceLists, seed.disposalMethod,
      seed.responsiblePerson, seed.remarks, options.isDemo ?? false],
  );
  const id = row!.id;
  for (const d of seed.disposals) {
    await tx.query('INSERT INTO disposal_records (parcel_id, date, mu, method, note) VALUES ($1, $2, $3, $4, $5)', [id, d.date, d.mu, d.method, d.note]);
  }
  await tx.query(`INSERT INTO parcel_history (parcel_id, version, action, actor, after) VALUES ($1, 1, 'create', $2, $3)`, [id, options.actor, JSON.stringify(row!.after)]);
  return id;
}
