import { readFile } from 'node:fs/promises';
import { defaultUnitKind, parseCampaignDefinition } from '../../core/campaign-setup/definition.ts';
import { OVERLAP_THRESHOLD_MU, type UnitFieldMapping } from '../../core/campaign-setup/units.ts';
import { getCampaign } from '../campaigns/queries.ts';
import type { Queryable } from '../db/types.ts';
import { previewTasks, SHEETS, type SheetKey } from './tasks-preview.ts';
import { previewUnits, type UnitsSource } from './units-preview.ts';
import { insertCampaign, insertUnits, replaceTasks } from './write.ts';

/**
 * A campaign kept as files (data/campaigns/<key>/campaign.json beside its boundary file and task sheets): the
 * definition the set-up form sends, where the units come from, and which sheet is which.
 */
interface CampaignFiles {
  units: (Partial<UnitFieldMapping> & { boundaryFile: string; nameField: string; codeField: string; fullNameField?: string; kindField?: string; noteField?: string; illustrativeField?: string; overlapThresholdMu?: number }) | { list: Array<Record<string, unknown>> };
  tasks: Partial<Record<SheetKey, string>>;
}

/**
 * Sets up a campaign from its folder through the same steps as an admin in the web app — definition, units
 * (overlaps refused), task sheets — in the caller's transaction. Throws, naming the problem, if any step would be
 * refused. Returns the campaign id.
 */
export async function campaignFromFiles(tx: Queryable, dir: string, isDemo: boolean): Promise<number> {
  const json = JSON.parse(await readFile(`${dir}/campaign.json`, 'utf8')) as CampaignFiles & Record<string, unknown>;
  const parsed = parseCampaignDefinition(json);
  if (!parsed.ok) throw new Error(`${dir}/campaign.json: ${Object.values(parsed.problems).join('；')}`);
  const campaignId = await insertCampaign(tx, parsed.value, isDemo);

  const u = json.units;
  const source: UnitsSource = 'list' in u
    ? { kind: 'list', rows: u.list }
    : {
        kind: 'file',
        name: u.boundaryFile,
        bytes: new Uint8Array(await readFile(`${dir}/${u.boundaryFile}`)),
        mapping: Object.fromEntries(
          (['name', 'code', 'fullName', 'kind', 'note', 'illustrative'] as const).map((k) => [k, u[`${k}Field`]]).filter(([, v]) => v),
        ) as Partial<UnitFieldMapping>,
      };
  const { preview, drafts } = await previewUnits(tx, source, null, defaultUnitKind(parsed.value.level.kind), ('list' in u ? undefined : u.overlapThresholdMu) ?? OVERLAP_THRESHOLD_MU);
  if (!preview.canCommit) {
    const problems = [...preview.overlaps.map((o) => `${o.a}/${o.b} 重叠 ${o.overlapMu.toFixed(2)} 亩`), ...preview.units.flatMap((x) => x.errors.map((e) => `${x.source} ${e}`)), ...preview.warnings];
    throw new Error(`${dir}: 单位不能导入：${problems.join('；')}`);
  }
  await insertUnits(tx, campaignId, drafts);

  const files: Partial<Record<SheetKey, { name: string; bytes: Uint8Array }>> = {};
  for (const key of SHEETS) {
    const name = json.tasks[key];
    if (name) files[key] = { name, bytes: new Uint8Array(await readFile(`${dir}/${name}`)) };
  }
  if (Object.keys(files).length) {
    const { preview: tasks, tables } = await previewTasks(tx, (await getCampaign(tx, campaignId))!, files);
    if (!tasks.canCommit) throw new Error(`${dir}: 任务表不能导入：${SHEETS.flatMap((k) => tasks[k]?.problems ?? []).map((p) => p.message).join('；')}`);
    await replaceTasks(tx, campaignId, tables);
  }
  return campaignId;
}
