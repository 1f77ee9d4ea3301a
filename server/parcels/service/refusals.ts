import { ApiError } from '../../http/errors.ts';

/** Why one parcel of a write was refused; the status says which kind of refusal it is, `code` lets programs match. */
export interface Refusal {
  /** The change's position in the request. */
  index: number;
  id: number | null;
  code: string | null;
  status: 400 | 403 | 404 | 409;
  error: string;
  reason: string;
  /** For a refusal of a single change: more for the client (problems per field, the current record…). */
  extra?: Record<string, unknown>;
}

const STATUS_PRIORITY: Refusal['status'][] = [403, 409, 404, 400];

/**
 * One answer for all refusals of a write. A single change (a parcel route: `what` not given) answers its own error
 * (its code, message and extra); a write of many (an import, a bulk change…) lists every refused parcel with its
 * reason, the most serious kind setting the status.
 */
export function refusedError(refusals: Refusal[], total: number, labels: ReadonlyArray<string | undefined>, what: string | undefined): ApiError {
  const sorted = [...refusals].sort((a, b) => a.index - b.index);
  if (what === undefined) {
    const [only] = sorted;
    return new ApiError(only!.status, only!.error, only!.reason, only!.extra ?? {});
  }
  const status = STATUS_PRIORITY.find((s) => sorted.some((r) => r.status === s))!;
  const name = (r: Refusal) => labels[r.index] ?? r.code ?? (r.id ? `#${r.id}` : `第 ${r.index + 1} 宗`);
  const listed = sorted.slice(0, 10).map((r) => `${name(r)}：${r.reason}`).join('；');
  const more = sorted.length > 10 ? `；另有 ${sorted.length - 10} 宗` : '';
  const codes = new Set(sorted.map((r) => r.error));
  return new ApiError(status, codes.size === 1 ? sorted[0]!.error : 'refused', `${what}未执行（共 ${total} 宗，其中 ${sorted.length} 宗不能写入，全部未改动）：${listed}${more}`, {
    refused: sorted.map(({ id, code, status: s, reason }) => ({ id, code, status: s, reason })),
  });
}
