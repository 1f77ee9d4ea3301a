/**
 * An event a person enters (登记事项), parsed once at the edge: its kind, its date (not in the future), what its kind
 * carries, and a note — or every problem, in Chinese, naming the field. A disposal is checked by the disposal rules
 * (core/ledger/disposal.ts), which know the parcel's mu; here it is only recognised.
 */
import { parseIsoDate, type IsoDate } from '../dates.ts';
import { SUPERVISION_NUMBER } from '../fields/rules.ts';
import { isOneOf } from '../categories.ts';
import { LIFE_EVENT_KINDS, LIFE_EVENT_LABELS, type LifeEventKind } from './events.ts';
import type { DraftEvent } from './from-fields.ts';

/** What a person may enter: every kind but 登记入账, which only a ledger record implies. */
export const ENTERED_KINDS = LIFE_EVENT_KINDS.filter((k): k is Exclude<LifeEventKind, 'registered'> => k !== 'registered');
export type EnteredKind = (typeof ENTERED_KINDS)[number];

export interface EventProblem {
  field: string;
  message: string;
}

export type ParsedEvent =
  | { ok: true; kind: 'disposal'; body: Record<string, unknown> }
  | { ok: true; kind: Exclude<EnteredKind, 'disposal'>; event: DraftEvent; note: string | null }
  | { ok: false; problems: EventProblem[] };

const INEFFICIENCY_TYPES = ['产业转型类', '粗放用地类', '停建停产类'] as const;
const EARLIEST = '1949-10-01';

/** Parses an entered event against today's date. */
export function parseEnteredEvent(body: Record<string, unknown>, today: IsoDate): ParsedEvent {
  const problems: EventProblem[] = [];
  const bad = (field: string, message: string) => problems.push({ field, message });
  const kind = body.kind;
  if (!isOneOf(ENTERED_KINDS, kind)) {
    return { ok: false, problems: [{ field: 'kind', message: `事项类型（kind）：“${String(kind ?? '').slice(0, 30)}”不是可登记的事项，可选：${ENTERED_KINDS.map((k) => `${k}（${LIFE_EVENT_LABELS[k]}）`).join('、')}` }] };
  }
  if (kind === 'disposal') return { ok: true, kind, body };
  const label = LIFE_EVENT_LABELS[kind];

  const date = typeof body.date === 'string' ? parseIsoDate(body.date) : null;
  if (!date) bad('date', `${label}日期（date）：“${String(body.date ?? '').slice(0, 20)}”不是有效日期（YYYY-MM-DD）`);
  else if (date > today) bad('date', `${label}日期（date）：${date} 晚于今天（${today}），不能登记未发生的事项`);
  else if (date < EARLIEST) bad('date', `${label}日期（date）：${date} 早于 ${EARLIEST}`);

  const text = (field: string, name: string, max: number, required = false): string | null => {
    const v = body[field];
    if (v === undefined || v === null || (typeof v === 'string' && !v.trim())) {
      if (required) bad(field, `${name}（${field}）：必填`);
      return null;
    }
    if (typeof v !== 'string' || v.trim().length > max) {
      bad(field, `${name}（${field}）：应为不超过 ${max} 字的文字`);
      return null;
    }
    return v.trim();
  };
  const amount = (field: string, name: string, unit: string): number | null => {
    const v = body[field];
    if (v === undefined || v === null || v === '') return null;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1e9) {
      bad(field, `${name}（${field}）：应为 0 到 1000000000 之间的${unit}数`);
      return null;
    }
    return v;
  };
  const note = text('note', '说明', 500);

  let event: DraftEvent | null = null;
  const d = date ?? today;
  switch (kind) {
    case 'approved':
      event = { kind, date: d, approvalNumber: text('approvalNumber', '批准文号', 200), approvedMu: amount('approvedMu', '批准面积', '亩') };
      break;
    case 'supplied': {
      const method = body.method;
      if (method !== '出让' && method !== '划拨') bad('method', `供应方式（method）：应为“出让”或“划拨”，收到“${String(method ?? '').slice(0, 20)}”`);
      const supervisionNumber = text('supervisionNumber', '电子监管号', 32);
      if (supervisionNumber && !SUPERVISION_NUMBER.test(supervisionNumber)) {
        bad('supervisionNumber', `电子监管号（supervisionNumber）：“${supervisionNumber}”格式不对，应为 6 位区划代码 + 4 位年份 + 1 位字母 + 5 位流水号，如 4117022019B00345`);
      }
      const priceWan = amount('priceWan', '出让价款', '万元');
      if (method === '划拨' && priceWan) bad('priceWan', '出让价款（priceWan）：划拨供应没有出让价款');
      event = { kind, date: d, method: method === '划拨' ? '划拨' : '出让', supervisionNumber, priceWan };
      break;
    }
    case 'agreed_start': {
      const agreed = typeof body.agreedStartDate === 'string' ? parseIsoDate(body.agreedStartDate) : null;
      if (!agreed) bad('agreedStartDate', `约定开工时间（agreedStartDate）：“${String(body.agreedStartDate ?? '').slice(0, 20)}”不是有效日期（YYYY-MM-DD）`);
      event = { kind, date: d, agreedStartDate: agreed ?? d };
      break;
    }
    case 'declared_inefficient': {
      const type = body.inefficiencyType ?? null;
      if (type !== null && !isOneOf(INEFFICIENCY_TYPES, type)) bad('inefficiencyType', `低效类型（inefficiencyType）：可选 ${INEFFICIENCY_TYPES.join('、')}`);
      event = { kind, date: d, inefficiencyType: isOneOf(INEFFICIENCY_TYPES, type) ? type : null };
      break;
    }
    case 'planned':
      event = { kind, date: d, method: text('method', '处置方式', 50) };
      break;
    case 'struck_off':
      event = { kind, date: d, reason: text('reason', '销号原因', 200) };
      break;
    default:
      event = { kind, date: d } as DraftEvent;
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, kind, event, note };
}
