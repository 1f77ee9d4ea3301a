import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { defaultUnitKind, parseCampaignDefinition, type CampaignLevel } from '../../core/campaign-setup/definition.ts';
import { OVERLAP_THRESHOLD_MU, type UnitDraft, type UnitFieldMapping } from '../../core/campaign-setup/units.ts';
import type { AppEnv } from '../auth/types.ts';
import { campaignFromParam, getCampaign } from '../campaigns/queries.ts';
import type { Db } from '../db/types.ts';
import { isRecord, jsonBody } from '../http/body.ts';
import { ApiError, badParameter } from '../http/errors.ts';
import { MAX_IMPORT_BYTES } from '../imports/read.ts';
import { requireAdmin } from './admin.ts';
import { savePreview, takePreview } from './previews.ts';
import { previewTasks, SHEETS, type SheetKey } from './tasks-preview.ts';
import { previewUnits, type ParentSource, type UnitsSource } from './units-preview.ts';
import { insertCampaign, insertUnits, replaceTasks, type TaskTables } from './write.ts';
import { createNextYearCampaign, proposeNextYear } from '../campaigns/next-year.ts';
import { parseNextYearBody } from './next-year-body.ts';

const limit = bodyLimit({ maxSize: MAX_IMPORT_BYTES + 1024 * 1024, onError: () => { throw new ApiError(413, 'too_large', '文件过大，上限为 50 MB'); } });

async function formOf(c: Context<AppEnv>) {
  return c.req.parseBody({ all: false }).catch(() => {
    throw new ApiError(400, 'bad_request', '请以表单（multipart/form-data）上传文件');
  });
}

const fileBytes = async (file: File) => ({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
const field = (form: Record<string, unknown>, name: string) => (typeof form[name] === 'string' && (form[name] as string).trim() ? (form[name] as string).trim() : null);

function thresholdOf(text: string | null): number {
  if (text === null) return OVERLAP_THRESHOLD_MU;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0 || n > 10) throw badParameter('overlapThresholdMu', `应为 0 到 10 之间的亩数，收到“${text}”`);
  return n;
}

/**
 * POST /api/campaign-setup — create a campaign from its definition (admin).
 * POST /api/campaign-setup/:id/units/preview — multipart: file (boundary file) + nameField, codeField (+ fullNameField,
 *   kindField, noteField, illustrativeField), or list (JSON [{name, code, fullName?, kind?}]); optional parentFile or
 *   parentUnitCode, overlapThresholdMu. Answers the units with their areas in mu, overlaps, gaps; writes nothing.
 * POST /api/campaign-setup/:id/units/commit — {previewId}: writes the previewed units, all or nothing.
 * POST /api/campaign-setup/:id/tasks/preview — multipart: annex2, annex3, annex4 (any of them, .xlsx or .csv).
 * POST /api/campaign-setup/:id/tasks/commit — {previewId}: replaces the campaign's task tables.
 */
export function campaignSetupRoutes(db: Db) {
  return new Hono<AppEnv>()
    .post('/', async (c) => {
      requireAdmin(c.get('user'));
      const parsed = parseCampaignDefinition(await jsonBody(c));
      if (!parsed.ok) {
        const fields = Object.values(parsed.problems);
        throw new ApiError(400, 'invalid_campaign', `专项行动信息有误：${fields.join('；')}`, { problems: parsed.problems });
      }
      const id = await db.transaction((tx) => insertCampaign(tx, parsed.value));
      return c.json({ campaign: await getCampaign(db, id, true) }, 201);
    })
    // 新建年度行动: next year's campaign from this one (its scope and task bases from the ledger on `baseDate`); the
    // preview proposes it without writing anything, the create step takes the person's milestones and tasks.
    .post('/:id/next-year/preview', async (c) => {
      requireAdmin(c.get('user'));
      const previous = await campaignFromParam(db, c.req.param('id'));
      const { options } = parseNextYearBody(await jsonBody(c));
      return c.json(await proposeNextYear(db, previous.id, options));
    })
    .post('/:id/next-year', async (c) => {
      requireAdmin(c.get('user'));
      const previous = await campaignFromParam(db, c.req.param('id'));
      const { options, edits } = parseNextYearBody(await jsonBody(c));
      const result = await db.transaction((tx) => createNextYearCampaign(tx, previous.id, options, edits));
      return c.json(result, 201);
    })
    .post('/:id/units/preview', limit, async (c) => {
      const user = requireAdmin(c.get('user'));
      const campaign = await campaignFromParam(db, c.req.param('id'));
      const form = await formOf(c);
      let source: UnitsSource;
      if (form.file instanceof File) {
        const mapping: Partial<UnitFieldMapping> = {};
        for (const key of ['name', 'code', 'fullName', 'kind', 'note', 'illustrative'] as const) {
          const chosen = field(form, `${key}Field`);
          if (chosen) mapping[key] = chosen;
        }
        source = { kind: 'file', ...(await fileBytes(form.file)), mapping };
      } else if (field(form, 'list')) {
        let rows: unknown;
        try {
          rows = JSON.parse(field(form, 'list')!);
        } catch {
          throw badParameter('list', '应为 JSON 数组，如 [{"name":"府城镇","code":"141026-fucheng"}]');
        }
        if (!Array.isArray(rows) || !rows.length || !rows.every(isRecord)) throw badParameter('list', '应为至少含一个单位的数组，每项有 name 和 code');
        source = { kind: 'list', rows };
      } else throw new ApiError(400, 'bad_request', '请上传单位边界文件（表单字段 file），或给出单位名单（字段 list）');
      const parent: ParentSource = form.parentFile instanceof File ? { kind: 'file', ...(await fileBytes(form.parentFile)) } : field(form, 'parentUnitCode') ? { kind: 'unit', code: field(form, 'parentUnitCode')! } : null;
      const level: CampaignLevel = campaign.levelUnit.kind === 'city' ? 'city' : 'county';
      const { preview, drafts } = await previewUnits(db, source, parent, defaultUnitKind(level), thresholdOf(field(form, 'overlapThresholdMu')));
      const previewId = preview.canCommit ? await savePreview(db, user, campaign.id, 'units', drafts) : null;
      return c.json({ previewId, ...preview });
    })
    .post('/:id/units/commit', async (c) => {
      const user = requireAdmin(c.get('user'));
      const campaign = await campaignFromParam(db, c.req.param('id'));
      const body = await jsonBody(c);
      const ids = await db.transaction(async (tx) => {
        const drafts = await takePreview<UnitDraft[]>(tx, user, campaign.id, 'units', isRecord(body) ? body.previewId : null);
        return insertUnits(tx, campaign.id, drafts);
      });
      return c.json({ campaign: await getCampaign(db, campaign.id, true), unitIds: ids }, 201);
    })
    .post('/:id/tasks/preview', limit, async (c) => {
      const user = requireAdmin(c.get('user'));
      const campaign = await campaignFromParam(db, c.req.param('id'));
      const form = await formOf(c);
      const files: Partial<Record<SheetKey, { name: string; bytes: Uint8Array }>> = {};
      for (const key of SHEETS) if (form[key] instanceof File) files[key] = await fileBytes(form[key]);
      if (!Object.keys(files).length) throw new ApiError(400, 'bad_request', '请至少上传一张任务表：附件2（表单字段 annex2）、附件3（annex3）或附件4（annex4）');
      const { preview, tables } = await previewTasks(db, campaign, files);
      const previewId = preview.canCommit ? await savePreview(db, user, campaign.id, 'tasks', tables) : null;
      return c.json({ previewId, ...preview });
    })
    .post('/:id/tasks/commit', async (c) => {
      const user = requireAdmin(c.get('user'));
      const campaign = await campaignFromParam(db, c.req.param('id'));
      const body = await jsonBody(c);
      const written = await db.transaction(async (tx) => {
        const tables = await takePreview<TaskTables>(tx, user, campaign.id, 'tasks', isRecord(body) ? body.previewId : null);
        return replaceTasks(tx, campaign.id, tables);
      });
      return c.json({ campaign: await getCampaign(db, campaign.id, true), ...written }, 201);
    });
}
