import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { withRequestDeadline } from '../db/request-deadline.ts';
import { ApiError } from './errors.ts';

/**
 * How long a request may take before it is answered 503: the one table of deadlines. Most requests answer in
 * milliseconds; the known-slow ones (files in and out, the wall's picture drawn by a browser) get longer. The first
 * matching row wins. The event stream is never cut (it is meant to stay open).
 */
export const DEADLINES: ReadonlyArray<{ path: RegExp; seconds: number | null; what: string; hint?: string }> = [
  { path: /^\/api\/events(\/|$)/, seconds: null, what: '实时事件流' },
  { path: /^\/api\/imports\//, seconds: 180, what: '导入' },
  // Up to 2 GB streamed to disk (server/basemaps/store.ts): minutes on an office network.
  { path: /^\/api\/basemaps\/packages$/, seconds: 900, what: '离线底图包上传' },
  { path: /^\/api\/campaign-setup\//, seconds: 180, what: '专项行动设置（文件）' },
  { path: /^\/api\/campaigns\/[^/]+\/(approval-batches|supply-records|monitoring)$/, seconds: 180, what: '文件上传' },
  // Three renders of up to 45 s each may be ahead in the queue (see WallSnapshots).
  { path: /^\/api\/campaigns\/[^/]+\/wall\.png$/, seconds: 150, what: '挂图快照' },
  { path: /^\/api\/(exports\/|ledger\/export)/, seconds: 120, what: '导出' },
  // Printed by the shared browser, behind up to three other renders (see SharedBrowser).
  { path: /^\/api\/(parcels\/[^/]+\/dossier\.pdf|campaigns\/[^/]+\/map\.pdf|dossiers\/)/, seconds: 150, what: '打印' },
  { path: /^\/api\/campaigns\/[^/]+\/(reports\/|warnings\/digest)/, seconds: 60, what: '报表' },
  { path: /^\/api\/parcels\/bulk$/, seconds: 60, what: '批量修改' },
  { path: /^\/api\/campaigns\/[^/]+\/approval-overlay/, seconds: 60, what: '批供比对' },
  // A GIS client's reading asks for as much as it likes: the answer says how to ask for less.
  { path: /^\/ogc\//, seconds: 30, what: '要素查询', hint: '请缩小范围（bbox、filter）或减小 limit 后重试' },
  { path: /./, seconds: 30, what: '请求' },
];

type Deadlines = typeof DEADLINES;

/**
 * How long the server may take to receive a whole request, in ms (Node's server.requestTimeout, 300 s by default,
 * answers 408 and drops the connection): past the longest deadline above, so that a slow upload meets its own deadline
 * rather than Node's (a 2 GB package would otherwise be cut at 5 minutes, whatever its row says).
 */
export const REQUEST_RECEIVE_MS = (Math.max(...DEADLINES.map((d) => d.seconds ?? 0)) + 30) * 1000;

export function deadlineOf(path: string, table: Deadlines = DEADLINES): { seconds: number | null; what: string; hint?: string } {
  return table.find((d) => d.path.test(path)) ?? { seconds: 30, what: '请求' };
}

/**
 * Answers 503 once a request's deadline passes (hono/timeout's race, with our error and a per-route deadline), and
 * then stops the request's work in PostgreSQL (server/db/request-deadline.ts): the statement running is cancelled and
 * no other starts. A write cut off so rolls back whole; one already committing may have committed, and the message
 * says to look.
 */
export function deadlines(table: Deadlines = DEADLINES): MiddlewareHandler {
  return async (c, next) => {
    const { seconds, what, hint } = deadlineOf(c.req.path, table);
    if (seconds === null) return next();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const passed = new AbortController();
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const write = !['GET', 'HEAD', 'OPTIONS'].includes(c.req.method);
        reject(new ApiError(503, 'deadline', `${what}处理超时（超过 ${seconds} 秒），${hint ?? '请稍后重试'}${write ? '；修改可能已保存，请刷新后查看' : ''}`));
        passed.abort();
      }, seconds * 1000);
    });
    try {
      await Promise.race([withRequestDeadline(passed.signal, next), expired]);
    } finally {
      clearTimeout(timer);
    }
  };
}

/** The largest JSON request body accepted: a parcel boundary of 200,000 vertices fits with room to spare. */
export const MAX_JSON_BYTES = 10 * 1024 * 1024;

/**
 * Refuses JSON bodies over MAX_JSON_BYTES (413) before they are read into memory, on every route. File uploads
 * (multipart) have their own limits where they are read.
 */
export function jsonBodyLimit(): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: MAX_JSON_BYTES,
    onError: () => {
      throw new ApiError(413, 'too_large', `请求内容过大：JSON 不能超过 ${MAX_JSON_BYTES / 1024 / 1024} MB`);
    },
  });
  return async (c, next) => ((c.req.header('content-type') ?? '').includes('json') ? limit(c, next) : next());
}
