import { Hono } from 'hono';
import type { AppEnv } from '../auth/types.ts';
import type { SharedBrowser } from '../browser/shared-browser.ts';
import type { Db } from '../db/types.ts';
import { notFound } from '../http/errors.ts';
import * as params from '../http/params.ts';
import { printDocument } from './document.ts';
import { dossierData } from './dossier-data.ts';
import { DOSSIER_CSS, dossierHtml } from './dossier-html.ts';
import { printPdf } from './pdf.ts';
import { attachment, printedBy } from './printed-by.ts';

const pdfHeaders = (disposition: string) => ({ 'Content-Type': 'application/pdf', 'Content-Disposition': disposition, 'Cache-Control': 'private, no-store' });

/**
 * GET /api/parcels/:id/dossier.pdf — one parcel's dossier (一宗一档), A4. Read as the parcel itself is read (the
 * same rules as GET /api/parcels/:id: signed in, or anyone where reading is public).
 */
export function dossierRoutes(db: Db, browser: SharedBrowser) {
  return new Hono<AppEnv>().get('/:id/dossier.pdf', async (c) => {
    const id = params.positiveId('id', c.req.param('id'));
    const data = await dossierData(db, id);
    if (!data) throw notFound(`地块 ${id} `);
    const code = String(data.parcel.properties.code);
    const html = printDocument(`宗地档案 ${code}`, DOSSIER_CSS, dossierHtml(data));
    const pdf = await printPdf(browser, '宗地档案', html, printedBy(c.get('user')));
    return c.body(pdf as Uint8Array<ArrayBuffer>, 200, pdfHeaders(attachment(`dossier-${id}.pdf`, `宗地档案-${code}.pdf`)));
  });
}
