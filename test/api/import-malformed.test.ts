import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORDS } from '../support/session.ts';
import { startTestServer } from '../support/server.ts';

/**
 * Every malformed coordinate file of the parser's corpus, sent through the API as an editor would: the preview
 * refuses the file (4xx, naming the line) or marks the broken parcel invalid; committing what was read is refused
 * (4xx); and the database is unchanged either way.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let auth: { cookie: string; csrf: string };

beforeAll(async () => {
  server = await startTestServer();
  const r = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORDS.admin }) });
  auth = { cookie: r.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await r.json()) as { csrfToken: string }).csrfToken };
});
afterAll(() => server?.close());

const headers = () => ({ cookie: auth.cookie, 'x-csrf-token': auth.csrf });
const counts = async () => (await server.db.query('SELECT (SELECT count(*)::int FROM parcels) AS p, (SELECT count(*)::int FROM parcel_history) AS h, (SELECT max(version)::int FROM parcels) AS v'))[0];

async function upload(name: string, bytes: Uint8Array) {
  const form = new FormData();
  form.set('file', new Blob([bytes as Uint8Array<ArrayBuffer>]), name);
  form.set('campaignId', '1');
  form.set('category', 'expropriated_not_supplied');
  form.set('status', 'registered');
  const r = await fetch(`${server.url}/api/imports/preview`, { method: 'POST', body: form, headers: headers() });
  return { status: r.status, body: (await r.json()) as any };
}

const BAD = 'test/fixtures/coordfile/bad';
const files = readdirSync(BAD).sort();

describe('malformed coordinate files through the API', () => {
  it('has a corpus of at least 30 files', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
  });

  it.each(files)('%s: refused with a 4xx that says why (or warned about, if readable), nothing written', async (file) => {
    const before = await counts();
    const preview = await upload(file.replace(/\.\w+$/, '.txt'), new Uint8Array(readFileSync(`${BAD}/${file}`)));
    if (preview.status !== 200) {
      expect(preview.status).toBeGreaterThanOrEqual(400);
      expect(preview.status).toBeLessThan(500);
      expect(preview.body.error.message.length).toBeGreaterThan(10);
    } else if (preview.body.items.every((i: any) => i.valid)) {
      // Files that are odd but readable (a stated area off, a repeated point, a 带号 disagreeing with the prefix):
      // importable, with a warning that names the line, shown before anything is written.
      const warnings = [...preview.body.warnings, ...preview.body.items.flatMap((i: any) => i.warnings)].join('');
      expect(warnings).toMatch(/第 \d+ 行/);
    } else {
      const broken = preview.body.items.filter((i: any) => !i.valid);
      for (const item of broken) expect(item.errors.join('')).toMatch(/第 \d+ 行|重复|范围|自相交|面积|经纬度/);
      const commit = await fetch(`${server.url}/api/imports/commit`, {
        method: 'POST',
        headers: { ...headers(), 'content-type': 'application/json' },
        body: JSON.stringify({ importId: preview.body.importId, indexes: preview.body.items.map((i: any) => i.index) }),
      });
      expect(commit.status).toBeGreaterThanOrEqual(400);
      expect(commit.status).toBeLessThan(500);
    }
    expect(await counts()).toEqual(before);
  });

  it('refuses a file over 50 MB before reading it', async () => {
    const huge = new Uint8Array(52 * 1024 * 1024).fill(0x31);
    const r = await upload('huge.txt', huge);
    expect(r.status).toBe(413);
    expect(r.body.error.message).toContain('50 MB');
  });
});
