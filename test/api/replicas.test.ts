/**
 * More than one machine, on PostgreSQL's own replication: a primary and a streaming replica (pg_basebackup -R) of a
 * throwaway cluster of this test's own, and two Panhuo processes on them, as behind a load balancer. Checked: an edit
 * made through one process reaches the event stream of the other within 2 s; GET reads are served by the replica
 * (seen by holding the replica's replay: an anonymous reader still sees the old value there); the writer sees their
 * own save at once (their reads wait for a replica that has replayed it, else go to the primary); a replica that
 * goes away costs nothing but its help.
 *
 * PostgreSQL only: the embedded PGlite is one process by nature.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterUnavailable, startCluster, startReplica, type Cluster, type Replica } from '../support/pg-cluster.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { DEMO_PASSWORDS } from '../support/session.ts';
import { listen } from '../support/sse.ts';

const skipReason = !process.env.DATABASE_URL
  ? 'replicas are PostgreSQL streaming replication; this runs with DATABASE_URL'
  : clusterUnavailable();
if (skipReason) console.info(`replicas.test.ts skipped: ${skipReason}`);

/** A browser's view of one server: keeps every cookie it is given (the session and the write position). */
function browser(baseUrl: string) {
  const cookies = new Map<string, string>();
  let csrf = '';
  async function request(method: string, path: string, body?: unknown) {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        'x-csrf-token': csrf,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    const json = response.headers.get('content-type')?.includes('json');
    // Tiles answer protocol buffers: only their status and where their reads went matter here.
    const answer: any = json ? await response.json() : await response.arrayBuffer();
    return { status: response.status, read: response.headers.get('x-panhuo-read'), body: answer };
  }
  return {
    request,
    cookies,
    async signIn(username: string) {
      const { status, body } = await request('POST', '/api/auth/login', { username, password: DEMO_PASSWORDS[username] });
      expect(status).toBe(200);
      csrf = body.csrfToken;
    },
  };
}

describe.skipIf(skipReason !== null)('two Panhuo processes on a primary and a streaming replica', () => {
  let cluster: Cluster;
  let replica: Replica;
  let one: ServerProcess;
  let two: ServerProcess;
  let parcelId: number;

  beforeAll(async () => {
    cluster = await startCluster();
    // The first process makes the schema and the demo on the primary; the replica is copied from it afterwards.
    one = await startServerProcess({ DATABASE_URL: cluster.url, PANHUO_DEMO: 'true' });
    await one.stop();
    replica = await startReplica(cluster);
    const env = { DATABASE_URL: cluster.url, DATABASE_REPLICA_URLS: replica.url, PANHUO_DEMO: 'true' };
    [one, two] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
    const { body } = await browser(one.url).request('GET', '/api/parcels?campaign=1&limit=1');
    parcelId = body.features[0].id;
  }, 600_000);

  afterAll(async () => {
    await one?.stop();
    await two?.stop();
    await replica?.destroy();
    await cluster?.destroy();
  });

  it('hears an edit made through the other process within 2 s', async () => {
    const events = listen(two.url);
    try {
      await expect.poll(() => events.events.some((e) => e.event === 'version'), { timeout: 10_000 }).toBe(true);
      const before = events.events.filter((e) => e.event === 'version').at(-1)!.data.dataVersion;
      const editor = browser(one.url);
      await editor.signIn('admin');
      const parcel = (await editor.request('GET', `/api/parcels/${parcelId}`)).body;
      const savedAt = Date.now();
      const saved = await editor.request('PUT', `/api/parcels/${parcelId}`, { ...parcel.properties, geometry: parcel.geometry, remarks: '另一进程的修改' });
      expect(saved.status).toBe(200);
      await expect.poll(() => events.events.find((e) => e.event === 'version' && e.data.dataVersion > before), { timeout: 5_000, interval: 20 }).toBeTruthy();
      const heard = events.events.find((e) => e.event === 'version' && e.data.dataVersion > before)!;
      expect(heard.at - savedAt).toBeLessThan(2_000);
    } finally {
      await events.close();
    }
  });

  it('serves reads from the replica, and the writer their own save even while the replica is held behind', async () => {
    const reader = browser(two.url);
    const first = await reader.request('GET', `/api/parcels/${parcelId}`);
    expect(first.status).toBe(200);
    expect(first.read).toBe('replica');

    await replica.pauseReplay();
    try {
      const writer = browser(one.url);
      await writer.signIn('admin');
      const parcel = (await writer.request('GET', `/api/parcels/${parcelId}`)).body;
      const saved = await writer.request('PUT', `/api/parcels/${parcelId}`, { ...parcel.properties, geometry: parcel.geometry, remarks: '写后即读' });
      expect(saved.status).toBe(200);
      expect(decodeURIComponent(writer.cookies.get('panhuo_lsn') ?? '')).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);

      // The writer, through the other process too: the replica has not replayed the save, so the primary answers.
      for (const url of [one.url, two.url]) {
        const own = browser(url);
        for (const [name, value] of writer.cookies) own.cookies.set(name, value);
        const read = await own.request('GET', `/api/parcels/${parcelId}`);
        expect(read.body.properties.remarks).toBe('写后即读');
        expect(read.read).toBe('primary');
      }
      // Someone else reads the replica, held before the save: the old value, which only the replica can still give.
      const stale = await reader.request('GET', `/api/parcels/${parcelId}`);
      expect(stale.read).toBe('replica');
      expect(stale.body.properties.remarks).not.toBe('写后即读');
    } finally {
      await replica.resumeReplay();
    }
    await expect.poll(async () => (await reader.request('GET', `/api/parcels/${parcelId}`)).body.properties.remarks, { timeout: 10_000 }).toBe('写后即读');
  });

  it('reads from the primary when the replica goes away', async () => {
    await replica.stop();
    const reader = browser(two.url);
    for (const path of [`/api/parcels/${parcelId}`, '/api/campaigns/1/progress', '/tiles/parcels/8/209/103.mvt?campaign=1']) {
      const read = await reader.request('GET', path);
      expect(read.status, path).toBe(200);
      expect(read.read, path).toBe('primary');
    }
  });
});
