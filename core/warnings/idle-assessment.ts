/**
 * Reading what a person records about a parcel's development (the idle-land inputs): dates, the developed and invested
 * shares (as 0–1 or a percent text such as "35%"), and the government cause with its note. Used by the server to
 * validate and by the form to say what is wrong before sending.
 */
import { parseIsoDate, type IsoDate } from '../dates.ts';

export interface IdleAssessmentInput {
  actualStartDate: IsoDate | null;
  haltedSince: IsoDate | null;
  /** Shares 0–1. */
  developedShare: number | null;
  investmentShare: number | null;
  governmentCause: boolean;
  governmentCauseNote: string | null;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: string[] };

const NOTE_MAX = 500;

function date(label: string, x: unknown, problems: string[]): IsoDate | null {
  if (x == null || x === '') return null;
  const d = typeof x === 'string' ? parseIsoDate(x) : null;
  if (!d) problems.push(`${label}应为 YYYY-MM-DD 格式的有效日期，收到“${String(x)}”`);
  return d;
}

/** A share: a number from 0 to 1, or a text percent from 0% to 100%. A bare 35 is refused: 35 what? */
function share(label: string, x: unknown, problems: string[]): number | null {
  if (x == null || x === '') return null;
  if (typeof x === 'number' && Number.isFinite(x) && x >= 0 && x <= 1) return x;
  if (typeof x === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*[%％]\s*$/.exec(x);
    if (m && Number(m[1]) <= 100) return Number(m[1]) / 100;
    const n = x.trim() === '' ? NaN : Number(x);
    if (Number.isFinite(n) && n >= 0 && n <= 1) return n;
  }
  problems.push(`${label}应为 0 到 1 之间的比例或 0% 到 100% 的百分数（如 0.35 或 35%），收到“${String(x)}”`);
  return null;
}

export function parseIdleAssessment(body: Record<string, unknown>): Parsed<IdleAssessmentInput> {
  const problems: string[] = [];
  const actualStartDate = date('实际开工日期', body.actualStartDate, problems);
  const haltedSince = date('停工日期', body.haltedSince, problems);
  const developedShare = share('已开发面积比例', body.developedShare, problems);
  const investmentShare = share('已投资比例', body.investmentShare, problems);
  const cause = body.governmentCause ?? false;
  if (typeof cause !== 'boolean') problems.push('是否政府原因应为 true 或 false');
  const governmentCause = cause === true;
  const noteRaw = body.governmentCauseNote;
  if (noteRaw != null && typeof noteRaw !== 'string') problems.push('政府原因说明应为文字');
  const note = typeof noteRaw === 'string' && noteRaw.trim() ? noteRaw.trim() : null;
  if (governmentCause && !note) problems.push('认定为政府原因时，须填写政府原因说明（如规划调整、征地拆迁未完成等）');
  if (note && note.length > NOTE_MAX) problems.push(`政府原因说明不能超过 ${NOTE_MAX} 个字`);
  if (haltedSince && !actualStartDate) problems.push('填写停工日期前，须先填写实际开工日期');
  if (haltedSince && actualStartDate && haltedSince < actualStartDate) problems.push('停工日期不能早于实际开工日期');
  if (!actualStartDate && (developedShare != null || investmentShare != null)) problems.push('尚未动工时不应填写已开发面积或投资比例；已动工请填写实际开工日期');
  if (problems.length) return { ok: false, problems };
  return { ok: true, value: { actualStartDate, haltedSince, developedShare, investmentShare, governmentCause, governmentCauseNote: note } };
}
