import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { secureHeaders } from 'hono/secure-headers';
import { readFile } from 'node:fs/promises';
import { authentication } from './auth/middleware.ts';
import { authRoutes } from './auth/routes.ts';
import { adminRoutes } from './auth/admin-routes.ts';
import type { AppEnv } from './auth/types.ts';
import { campaignRoutes } from './campaigns/routes.ts';
import type { Db } from './db/types.ts';
import type { Env } from './env.ts';
import { ApiError, errorResponse } from './http/errors.ts';
import { compression } from './http/compression.ts';
import { deadlines, jsonBodyLimit } from './http/limits.ts';
import { readRouting } from './http/read-routing.ts';
import { parcelRoutes } from './parcels/routes.ts';
import { parcelWriteRoutes } from './parcels/write-routes.ts';
import { parcelCheckRoute } from './parcels/check-route.ts';
import { exportRoutes } from './exports/routes.ts';
import { importRoutes } from './imports/routes.ts';
import { reportRoutes } from './reports/routes.ts';
import { eventRoutes } from './events/routes.ts';
import { backupRoutes } from './backup/routes.ts';
import { healthRoutes } from './health/routes.ts';
import { tileRoutes } from './tiles/routes.ts';
import { campaignSetupRoutes } from './campaign-setup/routes.ts';
import { monitoringRoutes } from './monitoring/routes.ts';
import { warningRoutes } from './warnings/routes.ts';
import { idleAssessmentRoutes } from './warnings/assessment-routes.ts';
import { ledgerParcelRoutes, ledgerRoutes } from './ledger/index.ts';
import { fieldCheckRoutes, parcelFieldCheckRoutes } from './field/routes.ts';
import { wallRoutes } from './wall/routes.ts';
import { overlayRoutes } from './overlay/routes.ts';
import { parcelLifeRoutes } from './parcel-life/routes.ts';
import { parcelEventRoutes } from './parcel-life/write-routes.ts';
import { acrossYearsRoutes } from './across-years/routes.ts';
import { scopeDecisionRoutes } from './campaigns/scope-routes.ts';
import { tokenRoutes } from './auth/token-routes.ts';
import { ogcRoutes } from './ogc/index.ts';
import { tileJsonRoutes } from './tiles/tilejson.ts';
import { parcelKeyCaseRoutes, rhythmRoutes, type Clock } from './rhythm/routes.ts';
import { SharedBrowser } from './browser/shared-browser.ts';
import { dossierRoutes, thematicMapRoutes } from './print/routes.ts';
import { dossierBatchRoutes } from './print/batch-routes.ts';
import { assignmentRoutes } from './assignments/routes.ts';
import { basemapRoutes } from './basemaps/routes.ts';
import { basemapFileRoutes } from './basemaps/file-routes.ts';

/** Where Vite writes the built files it names by content hash (vite.config.ts). */
const HASHED_ASSETS = '/assets/';

export interface AppOptions {
  db: Db;
  env: Pick<Env, 'tiandituKey' | 'publicRead' | 'chromium' | 'databaseUrl' | 'backupDir' | 'backupDays' | 'trustProxy' | 'dataDir'>;
  /** The built web app to serve (dist/web); omitted in API-only tests. */
  webRoot?: string;
  /** The time weekly deadlines and key cases are judged by (tests and demos pass a fixed one). */
  clock?: Clock;
}

export function createApp({ db, env, webRoot, clock = () => new Date() }: AppOptions) {
  // One headless Chromium for every picture and print (wall PNG, dossiers, maps), one job at a time.
  const browser = new SharedBrowser(env.chromium);
  const app = new Hono<AppEnv>()
    // First in, so last out: it compresses what every other handler and middleware has made.
    .use('*', compression({ immutableAssets: HASHED_ASSETS }))
    // nosniff, frame-ancestors same origin, no referrer leaks; no COEP, so Tianditu's cross-origin tiles still load.
    .use('*', secureHeaders())
    .use('*', deadlines())
    .use('*', jsonBodyLimit())
    .use('*', readRouting(db))
    // Before authentication: health must answer without reading sessions, which needs the database it reports on.
    .route('/api/health', healthRoutes(db))
    .use('/api/*', authentication(db, env.publicRead))
    .use('/tiles/*', authentication(db, env.publicRead))
    .use('/ogc', authentication(db, env.publicRead))
    .use('/ogc/*', authentication(db, env.publicRead))
    // What the web app needs to know of the server's configuration (never secrets other than the public map key).
    .get('/api/config', (c) => c.json({ tiandituKey: env.tiandituKey, database: db.kind }))
    .route('/api/auth/tokens', tokenRoutes(db))
    .route('/api/auth', authRoutes(db, env))
    .route('/api/admin', adminRoutes(db))
    .route('/api/campaigns', campaignRoutes(db))
    .route('/api/campaigns', reportRoutes(db, clock))
    .route('/api/campaigns', rhythmRoutes(db, clock))
    .route('/api/campaigns', monitoringRoutes(db))
    .route('/api/campaigns', scopeDecisionRoutes(db))
    .route('/api/campaign-setup', campaignSetupRoutes(db))
    .route('/api/campaigns', wallRoutes(db, browser))
    .route('/api/campaigns', thematicMapRoutes(db, browser))
    .route('/api/campaigns', overlayRoutes(db))
    .route('/api/parcels', parcelRoutes(db))
    .route('/api/parcels', dossierRoutes(db, browser))
    .route('/api/dossiers', dossierBatchRoutes(db, browser))
    .route('/api/parcels', parcelLifeRoutes(db))
    .route('/api/parcels', parcelEventRoutes(db))
    .route('/api/parcels', parcelKeyCaseRoutes(db, clock))
    .route('/api/events', eventRoutes(db))
    .route('/api/exports', exportRoutes(db))
    .route('/api/imports', importRoutes(db))
    .route('/api/parcels', parcelCheckRoute(db))
    .route('/api/parcels', parcelWriteRoutes(db))
    .route('/api/campaigns', warningRoutes(db))
    .route('/api/parcels', idleAssessmentRoutes(db))
    .route('/api/parcels', ledgerParcelRoutes(db))
    .route('/api/ledger/across-years', acrossYearsRoutes(db))
    .route('/api/ledger', ledgerRoutes(db))
    .route('/api/parcels', parcelFieldCheckRoutes(db))
    .route('/api/field-checks', fieldCheckRoutes(db))
    .route('/api/assignments', assignmentRoutes(db, clock))
    .route('/api/admin/backups', backupRoutes(db, env))
    .route('/api/basemaps', basemapRoutes(db, env))
    .route('/tiles/basemaps', basemapFileRoutes(db, env.dataDir))
    .route('/tiles', tileJsonRoutes(db, env))
    .route('/tiles', tileRoutes(db))
    .route('/ogc', ogcRoutes(db, env))
    .all('/api/*', () => {
      throw new ApiError(404, 'not_found', '没有这个接口');
    });

  if (webRoot) {
    // Vite names every built asset by its content hash: a browser may keep it for a year without asking. Everything
    // else (index.html, which names the current assets; the service worker; the manifest) is asked for each time.
    app.use(
      '/*',
      serveStatic({
        root: webRoot,
        onFound: (_path, c) => {
          c.header('Cache-Control', c.req.path.startsWith(HASHED_ASSETS) ? 'public, max-age=31536000, immutable' : 'no-cache');
        },
      }),
    );
    // The single-page app handles its own URLs (view, filters and selection live in the query string).
    app.get('*', async (c) => c.html(await readFile(`${webRoot}/index.html`, 'utf8'), 200, { 'Cache-Control': 'no-cache' }));
  }
  app.onError(errorResponse);
  return app;
}
