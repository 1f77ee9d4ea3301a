/**
 * The outbox of field checks: every check is written here first (so closing the app loses nothing), then sent.
 * Sending is idempotent on the server by clientId, so a check sent twice (the answer lost on a weak signal) is
 * stored once.
 */
import { useEffect, useState } from 'react';
import { currentCsrfToken, errorOf, getJson, setCsrfToken } from '../../../api/client.ts';
import type { FieldCheck } from '../types.ts';
import { fieldDb, type QueuedCheck } from './db.ts';

const listeners = new Set<() => void>();
function changed(): void {
  for (const listener of listeners) listener();
}

export async function enqueue(check: QueuedCheck): Promise<void> {
  await (await fieldDb()).put('queue', check);
  changed();
}

export async function queuedChecks(): Promise<QueuedCheck[]> {
  const all = await (await fieldDb()).getAll('queue');
  return all.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

async function update(clientId: string, patch: Partial<QueuedCheck>): Promise<void> {
  const db = await fieldDb();
  const item = await db.get('queue', clientId);
  if (!item) return;
  await db.put('queue', { ...item, ...patch });
  changed();
}

/** A conflict the person wants to send again (e.g. after signing in with the right account). */
export function retry(clientId: string): Promise<void> {
  return update(clientId, { status: 'queued', message: null });
}

export async function discard(clientId: string): Promise<void> {
  await (await fieldDb()).delete('queue', clientId);
  changed();
}

/** The queue, kept current: re-read whenever an item is added, sent or refused. */
export function useQueue(): QueuedCheck[] {
  const [items, setItems] = useState<QueuedCheck[]>([]);
  useEffect(() => {
    let live = true;
    const load = () => void queuedChecks().then((all) => live && setItems(all));
    listeners.add(load);
    load();
    return () => {
      live = false;
      listeners.delete(load);
    };
  }, []);
  return items;
}

function formOf(item: QueuedCheck): FormData {
  const form = new FormData();
  form.set('clientId', item.clientId);
  form.set('state', item.state);
  form.set('notes', item.notes);
  form.set('observedAt', item.observedAt);
  if (item.position) {
    form.set('lon', String(item.position.lon));
    form.set('lat', String(item.position.lat));
    if (item.position.accuracyM !== null) form.set('accuracy', String(Math.round(item.position.accuracyM * 10) / 10));
  }
  if (item.parcelVersion !== null) form.set('parcelVersion', String(item.parcelVersion));
  const sent = item.photos.filter((photo) => photo.blob);
  for (const photo of sent) form.append('photos', photo.blob!, photo.name);
  if (sent.some((photo) => photo.capture)) {
    const captures = sent.map((p) => (p.capture ? { capturedAt: p.capture.capturedAt, lon: p.capture.position?.lon, lat: p.capture.position?.lat, accuracy: p.capture.position?.accuracyM, headingDeg: p.capture.headingDeg } : null));
    form.set('photoCapture', JSON.stringify(captures));
  }
  return form;
}

type Outcome = 'sent' | 'conflict' | 'wait';

/**
 * The session's CSRF token lives in memory only: after the app was started offline it is missing although the session
 * cookie is still valid. Ask for it again before sending.
 */
async function ensureToken(force = false): Promise<string | null> {
  if (currentCsrfToken() && !force) return currentCsrfToken();
  try {
    const me = await getJson<{ csrfToken: string | null }>('/api/auth/me');
    setCsrfToken(me.csrfToken);
  } catch {
    // Offline or signed out: the send itself will say so.
  }
  return currentCsrfToken();
}

async function send(item: QueuedCheck, freshToken = false): Promise<Outcome> {
  let response: Response;
  try {
    const token = await ensureToken(freshToken);
    response = await fetch(`/api/parcels/${item.parcelId}/field-checks`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: token ? { 'X-CSRF-Token': token } : {},
      body: formOf(item),
    });
  } catch {
    await update(item.clientId, { attempts: item.attempts + 1, message: '网络不可用，联网后自动同步' });
    return 'wait';
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok && body) {
    const result = body as FieldCheck;
    await update(item.clientId, {
      status: result.conflict ? 'conflict' : 'sent',
      message: result.conflict ? `已提交，但${result.conflict}` : null,
      result,
      attempts: item.attempts + 1,
      // The server has the photos now; keep what the list shows, free the space.
      photos: item.photos.map((p) => ({ ...p, blob: null })),
    });
    return 'sent';
  }
  const error = errorOf(response.status, body);
  if (error.code === 'csrf' && !freshToken) return send(item, true);
  if (response.status === 401 || error.code === 'csrf') {
    await update(item.clientId, { attempts: item.attempts + 1, message: '尚未登录：登录后自动同步' });
    return 'wait';
  }
  if (response.status >= 500 || response.status === 429) {
    await update(item.clientId, { attempts: item.attempts + 1, message: `服务器暂时无法保存（${error.message}），稍后自动重试` });
    return 'wait';
  }
  // 403 (no right), 404/409 (parcel gone), 400 (refused): sending again will not help; the person must decide.
  await update(item.clientId, { status: 'conflict', message: error.message, attempts: item.attempts + 1 });
  return 'conflict';
}

/** Sent checks stay listed on the phone for a week (the person sees they arrived), then give their space back. */
const KEEP_SENT_MS = 7 * 24 * 3600 * 1000;

async function pruneSent(): Promise<void> {
  const db = await fieldDb();
  const cutoff = new Date(Date.now() - KEEP_SENT_MS).toISOString();
  const old = (await db.getAll('queue')).filter((item) => item.status === 'sent' && item.createdAt < cutoff);
  for (const item of old) await db.delete('queue', item.clientId);
  if (old.length) changed();
}

let running: Promise<number> | null = null;

/** Sends every waiting check, oldest first; resolves to how many were sent. One run at a time. */
export function syncQueue(): Promise<number> {
  running ??= (async () => {
    let sent = 0;
    try {
      await pruneSent();
      const waiting = (await queuedChecks()).filter((item) => item.status === 'queued').reverse();
      for (const item of waiting) {
        const outcome = await send(item);
        if (outcome === 'sent') sent++;
        // Offline or signed out: the others would fail the same way.
        if (outcome === 'wait') break;
      }
    } finally {
      running = null;
    }
    return sent;
  })();
  return running;
}

/** The first retry while checks wait, doubling up to a minute. */
const RETRY_FIRST_MS = 5_000;
const RETRY_MAX_MS = 60_000;

/**
 * While checks wait and the browser says it is online, sends them again after 5 s, 10 s, 20 s… up to every minute. The
 * browser's word is not enough to wait for: it can say online while nothing gets through (a weak signal, a captive
 * portal; Chromium 150 after a reload offline), and then no `online` event comes when the network really returns.
 */
export function useRetryWhileWaiting(online: boolean, waiting: number): void {
  useEffect(() => {
    if (!online || waiting === 0) return;
    let stopped = false;
    let delay = RETRY_FIRST_MS;
    let timer = 0;
    const next = () => {
      timer = window.setTimeout(async () => {
        await syncQueue();
        delay = Math.min(delay * 2, RETRY_MAX_MS);
        if (!stopped) next();
      }, delay);
    };
    next();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [online, waiting]);
}
