import { readFile } from 'node:fs/promises';
import type { ParcelSeed } from '../../core/parcel.ts';
import type { Db } from '../db/types.ts';
import { insertPreset, readBoundaries, readPreset, unitOverlaps } from '../campaigns/preset.ts';
import { insertParcel } from '../parcels/write.ts';
import { createDemoAccounts } from './accounts.ts';

const DEMO_PARCELS = new URL('../../data/demo/zhumadian-parcels.json', import.meta.url).pathname;

/**
 * Loads the two seed campaigns (Zhumadian 2021 with boundaries and demo parcels; Anze 2023 without boundaries or
 * tasks) and the demo accounts into a database that has no campaigns yet. Returns false when there was something there already.
 */
export async function loadDemo(db: Db): Promise<boolean> {
  const [existing] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM campaigns');
  if (existing!.n > 0) return false;
  const zhumadian = await readPreset('zhumadian-2021.json');
  const anze = await readPreset('anze-2023.json');
  const boundaries = await readBoundaries('zhumadian-units.geojson');
  const { parcels } = JSON.parse(await readFile(DEMO_PARCELS, 'utf8')) as { parcels: ParcelSeed[] };
  await db.transaction(async (tx) => {
    const campaignId = await insertPreset(tx, zhumadian, boundaries, true);
    const overlaps = await unitOverlaps(tx, campaignId);
    if (overlaps.length) {
      throw new Error(`units overlap: ${overlaps.map((o) => `${o.a}/${o.b} ${o.overlapMu.toFixed(2)} 亩`).join(', ')}`);
    }
    for (const parcel of parcels) await insertParcel(tx, campaignId, parcel, { actor: '演示数据', isDemo: true });
    await insertPreset(tx, anze, null, true);
    await createDemoAccounts(tx);
  });
  return true;
}
