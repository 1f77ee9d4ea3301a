import { Hono } from 'hono';
import type { AppEnv } from '../auth/types.ts';
import { ownerOf, type SharedBrowser } from '../browser/shared-browser.ts';
import type { Db } from '../db/types.ts';
import { isOneOf } from '../../core/categories.ts';
import { campaignFromParam, reportDate } from '../campaigns/queries.ts';
import { attachment } from '../http/attachment.ts';
import { badParameter, notFound } from '../http/errors.ts';
import * as params from '../http/params.ts';
import { paperMm, printDocument } from './document.ts';
import { thematicData } from './thematic-data.ts';
import { thematicCss, thematicFrameMm, thematicHtml } from './thematic-html.ts';
import { dossierData } from './dossier-data.ts';
import { DOSSIER_CSS, dossierHtml } from './dossier-html.ts';
import { printPdf } from './pdf.ts';
import { printedBy } from './printed-by.ts';

const pdfHeaders = (disposition: string) => ({ 'Content-Type': 'application/pdf', 'Content-Disposition': disposition, 'Cache-Control': 'private, no-store' });

/**
 * GET /api/parcels/:id/dossier.pdf — one parcel's dossier (一宗一档), A4. Read as the parcel itself is read (the
 * same rules as GET /api/parcels/:id: signed in, or anyone where reading is public). One print at a time per person,
 * and one for all visitors together (SharedBrowser's owners): visitors may try it, but never fill the queue.
 */
export function dossierRoutes(db: Db, browser: SharedBrowser) {
  return new Hono<AppEnv>().get('/:id/dossier.pdf', async (c) => {
    const id = params.positiveId('id', c.req.param('id'));
    const data = await dossierData(db, id);
    if (!data) throw notFound(`地块 ${id} `);
    const code = String(data.parcel.properties.code);
    const html = printDocument(`宗地档案 ${code}`, DOSSIER_CSS, dossierHtml(data), printedBy(c.get('user')));
    const pdf = await printPdf(browser, '宗地档案', html, ownerOf(c.get('user')));
    return c.body(pdf as Uint8Array<ArrayBuffer>, 200, pdfHeaders(attachment(`dossier-${id}.pdf`, `宗地档案-${code}.pdf`)));
  });
}

const SIZES = ['A4', 'A3'] as const;
const ORIENTATIONS = ['landscape', 'portrait'] as const;

/**
 * GET /api/campaigns/:id/map.pdf?unit=&size=A3|A4&orientation=landscape|portrait&date=&maker= — the thematic map of
 * the campaign or one of its units (default A3 landscape, progress on the report date, 制图单位 the campaign's level
 * unit unless `maker` names the bureau). Read as the campaign is read.
 */
export function thematicMapRoutes(db: Db, browser: SharedBrowser) {
  return new Hono<AppEnv>().get('/:id/map.pdf', async (c) => {
    const campaign = await campaignFromParam(db, c.req.param('id'));
    const size = c.req.query('size') ?? 'A3';
    if (!isOneOf(SIZES, size)) throw badParameter('size', `应为 ${SIZES.join(' 或 ')}，收到“${size.slice(0, 20)}”`);
    const orientation = c.req.query('orientation') ?? 'landscape';
    if (!isOneOf(ORIENTATIONS, orientation)) throw badParameter('orientation', `应为 landscape（横向）或 portrait（纵向），收到“${orientation.slice(0, 20)}”`);
    const unitId = params.optionalId('unit', c.req.query('unit'));
    const date = reportDate(campaign, params.campaignDate('date', c.req.query('date'), campaign));
    const maker = (c.req.query('maker') ?? '').trim() || campaign.levelUnit.name;
    if (maker.length > 60) throw badParameter('maker', `制图单位不能超过 60 个字，收到 ${maker.length} 个`);
    if (unitId !== null) {
      const [member] = await db.query('SELECT 1 FROM campaign_units WHERE campaign_id = $1 AND unit_id = $2', [campaign.id, unitId]);
      if (!member) throw badParameter('unit', `单位 ${unitId} 不属于专项行动“${campaign.name}”`);
    }
    const frame = thematicFrameMm(paperMm(size, orientation), orientation);
    const data = await thematicData(db, campaign, unitId, date, frame);
    const title = `${data.unit?.name ?? campaign.levelUnit.name}批而未用土地盘活专题图`;
    const html = printDocument(title, thematicCss(size, orientation), thematicHtml(data, maker), printedBy(c.get('user')));
    const pdf = await printPdf(browser, '专题图', html, ownerOf(c.get('user')));
    return c.body(pdf as Uint8Array<ArrayBuffer>, 200, pdfHeaders(attachment(`map-${campaign.id}-${date}.pdf`, `${title}-${date}-${size}.pdf`)));
  });
}
