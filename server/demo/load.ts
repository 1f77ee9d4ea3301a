import { readFile } from 'node:fs/promises';
import type { ParcelSeed } from '../../core/parcel.ts';
import type { Db } from '../db/types.ts';
import { campaignFromFiles } from '../campaign-setup/from-files.ts';
import { insertParcels } from '../parcels/write.ts';
import { createDemoAccounts } from './accounts.ts';
import { loadDemoOverlay } from '../overlay/demo.ts';
import { createNextYearCampaign } from '../campaigns/next-year.ts';
import type { IsoDate } from '../../core/dates.ts';
import { seedDemoRhythm } from '../rhythm/demo.ts';

const DEMO_PARCELS = new URL('../../data/demo/zhumadian-parcels.json', import.meta.url).pathname;
const CAMPAIGNS = new URL('../../data/campaigns/', import.meta.url).pathname;

/**
 * Loads the two seed campaigns (Zhumadian 2021 with boundaries and demo parcels; Anze 2023 without boundaries or
 * tasks), Zhumadian 2022 proposed from 2021's remainder, and the demo accounts into a database that has no campaigns
 * yet. Returns false when there was something there already.
 */
export async function loadDemo(db: Db): Promise<boolean> {
  const [existing] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM campaigns');
  if (existing!.n > 0) return false;
  const { parcels } = JSON.parse(await readFile(DEMO_PARCELS, 'utf8')) as { parcels: ParcelSeed[] };
  await db.transaction(async (tx) => {
    // The seed campaigns are set up from their files (data/campaigns/<key>/) the way an admin sets up any campaign:
    // definition, unit boundaries with overlaps refused, task sheets. The demo thus proves that path.
    const campaignId = await campaignFromFiles(tx, `${CAMPAIGNS}zhumadian-2021`, true);
    await insertParcels(tx, campaignId, parcels, { actor: '演示数据', isDemo: true });
    await loadDemoOverlay(tx, campaignId);
    const anzeId = await campaignFromFiles(tx, `${CAMPAIGNS}anze-2023`, true);
    await seedDemoRhythm(tx, { zhumadian: campaignId, anze: anzeId });
    // Zhumadian's 2022 campaign, proposed from 2021's as a bureau would (新建年度行动), so carry-over can be seen.
    await createNextYearCampaign(tx, campaignId, { baseDate: '2021-12-31' as IsoDate, assignedRate: 0.6, isDemo: true });
    await createDemoAccounts(tx);
  });
  return true;
}
