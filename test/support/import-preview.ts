/** Uploading a file to the import preview as a signed-in user (multipart, with the session's CSRF token). */
import { DEMO_PASSWORDS } from './session.ts';

export async function previewUpload(baseUrl: string, who: string, name: string, content: BlobPart, fields: Record<string, string | string[]> = {}, campaignId = 1) {
  const form = new FormData();
  form.set('file', new Blob([content]), name);
  form.set('campaignId', String(campaignId));
  form.set('category', 'expropriated_not_supplied');
  form.set('status', 'registered');
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) form.append(k, one);
  const session = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: who, password: DEMO_PASSWORDS[who] }) });
  const headers = { cookie: session.headers.get('set-cookie')!.split(';')[0]!, 'x-csrf-token': ((await session.json()) as { csrfToken: string }).csrfToken };
  const r = await fetch(`${baseUrl}/api/imports/preview`, { method: 'POST', body: form, headers });
  return { status: r.status, body: (await r.json()) as any };
}
