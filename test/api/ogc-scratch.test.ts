import { it } from 'vitest';
import { startTestServer } from '../support/server.ts';
it('scratch', async () => {
  const server = await startTestServer();
  for (const path of ['/ogc/api', '/ogc/collections', '/ogc/collections/parcels/items?limit=2', '/ogc/collections/parcels/items?limit=1000']) {
    const t0 = Date.now();
    const r = await fetch(server.url + path);
    const t = await r.text();
    console.log(path, r.status, Date.now() - t0, 'ms', r.headers.get('content-type'), t.slice(0, 300));
  }
  await server.close();
}, 120000);
