import { CATEGORY_LABELS, STATUS_LABELS } from '../categories.ts';
import type { IsoDate } from '../dates.ts';
import type { LifeEvent } from './events.ts';
import type { DraftEvent, LedgerFacts } from './from-fields.ts';
import { disposalMethodFits } from '../fields/rules.ts';
import { standingOn, type Standing } from './standing.ts';

/** A stored event, with its id (to retire it when the ledger field it came from is corrected). */
export type StoredEvent = LifeEvent & { id: number };

/** What an edit of a parcel's ledger record does to its life: events added (dated), events retired (with the reason). */
export interface LifeEdit {
  add: Array<{ event: DraftEvent; note: string | null }>;
  retire: Array<{ id: number; reason: string }>;
}

const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);

/**
 * The events an edit of the ledger record means, on `today` (the day it is recorded), so that the category in force
 * today follows from the events (standingOn) and is the one the person chose — a change of category is an event, never
 * an overwrite:
 * - 批而未征 → 征而未供: 征收完成; → 未供即用: 认定未供即用; before supply → 供后闲置 / 低效用地: 供应 (on the recorded
 *   supply date when there is one) then 认定闲置 / 认定低效; 闲置 ↔ 低效: 认定闲置 / 认定低效;
 * - any other change (e.g. 供后闲置 back to 批而未征) cannot have happened to the land: it corrects the record, so the
 *   parcel is registered with the new category on `today`, noted as a correction;
 * - a corrected approval (date, number, mu) or supply (date, method, 电子监管号, price) replaces the event it was
 *   read from (retired with the reason); a new agreed start date is an 约定开工 event;
 * - status 已定方案 is 确定处置方案, 已销号 is 销号; the other statuses follow from disposal records.
 */
export function lifeEditFor(before: LedgerFacts, after: LedgerFacts, events: readonly StoredEvent[], ledgerMu: number, today: IsoDate): LifeEdit {
  const edit: LifeEdit = { add: [], retire: [] };
  const live = () => {
    const retired = new Set(edit.retire.map((r) => r.id));
    const kept: LifeEvent[] = events.filter((e) => !retired.has(e.id));
    const next = kept.reduce((m, e) => Math.max(m, e.seq), -1) + 1;
    return [...kept, ...edit.add.map(({ event }, i) => ({ ...event, seq: next + i }) as LifeEvent)];
  };
  const replace = <K extends 'approved' | 'supplied' | 'agreed_start'>(kind: K, reason: string, event: DraftEvent | null) => {
    const old = events.filter((e) => e.kind === kind);
    for (const e of old) edit.retire.push({ id: e.id, reason });
    // A supply is added only through a change of category (below): alone it would take the land out of the ledger.
    if (event && (old.length || kind !== 'supplied')) edit.add.push({ event, note: reason });
  };

  if (!same(before.approvalDate, after.approvalDate) || !same(before.approvalNumber, after.approvalNumber) || !same(before.approvedMu, after.approvedMu)) {
    const event = after.approvalDate ? { kind: 'approved' as const, date: after.approvalDate, approvalNumber: after.approvalNumber, approvedMu: after.approvedMu } : null;
    replace('approved', `台账修改批准信息（批准日期 ${before.approvalDate ?? '无'} → ${after.approvalDate ?? '无'}）`, event);
  }
  const supplyChanged = (['supplyDate', 'supplyMethod', 'supervisionNumber', 'supplyPriceWan'] as const).some((k) => !same(before[k], after[k]));
  const suppliedEvent = (date: IsoDate): DraftEvent => ({
    kind: 'supplied', date, method: after.supplyMethod === '划拨' ? '划拨' : '出让', supervisionNumber: after.supervisionNumber, priceWan: after.supplyPriceWan,
  });
  if (supplyChanged && events.some((e) => e.kind === 'supplied')) {
    const date = after.supplyDate ?? events.find((e) => e.kind === 'supplied')!.date;
    replace('supplied', `台账修改供应信息（供应日期 ${before.supplyDate ?? '无'} → ${after.supplyDate ?? '无'}）`, suppliedEvent(date));
  }
  if (!same(before.agreedStartDate, after.agreedStartDate) && after.agreedStartDate) {
    const agreedOn = events.find((e) => e.kind === 'agreed_start')?.date ?? after.supplyDate ?? today;
    replace('agreed_start', `台账修改约定开工时间（${before.agreedStartDate ?? '无'} → ${after.agreedStartDate}）`, { kind: 'agreed_start', date: agreedOn, agreedStartDate: after.agreedStartDate });
  }

  const now = standingOn(live(), today, ledgerMu);
  if (!(now.phase === 'unused' && now.category === after.category)) {
    const from = now.phase === 'unused' && now.category ? CATEGORY_LABELS[now.category] : '未在台账类别中';
    const note = `台账类别由“${from}”改为“${CATEGORY_LABELS[after.category]}”`;
    const natural = transition(now.phase === 'unused' ? now.category : null, now.phase, after, today, now.since);
    const start = edit.add.length;
    edit.add.push(...natural.map((event) => ({ event, note })));
    const reached = standingOn(live(), today, ledgerMu);
    if (!natural.length || reached.phase !== 'unused' || reached.category !== after.category) {
      edit.add.splice(start);
      edit.add.push({ event: { kind: 'registered', date: today, category: after.category }, note: `${note}（更正）` });
    }
  }
  if (before.status !== after.status) {
    const note = `台账状态由“${STATUS_LABELS[before.status]}”改为“${STATUS_LABELS[after.status]}”`;
    if (after.status === 'planned') edit.add.push({ event: { kind: 'planned', date: today, method: after.disposalMethod }, note });
    if (after.status === 'struck_off') edit.add.push({ event: { kind: 'struck_off', date: today, reason: null }, note });
  }
  return edit;
}

/** The events by which land goes from where it stands to the category chosen, if it can; none if it cannot. */
function transition(from: LedgerFacts['category'] | null, phase: string, after: LedgerFacts, today: IsoDate, since: IsoDate | null): DraftEvent[] {
  const to = after.category;
  const beforeSupply = from === 'approved_not_expropriated' || from === 'expropriated_not_supplied' || from === 'used_before_supply';
  if (to === 'expropriated_not_supplied' && from === 'approved_not_expropriated') return [{ kind: 'expropriated', date: today }];
  if (to === 'used_before_supply' && (from === 'approved_not_expropriated' || from === 'expropriated_not_supplied')) return [{ kind: 'found_in_use', date: today }];
  if (to !== 'idle' && to !== 'inefficient') return [];
  const declare: DraftEvent = to === 'idle' ? { kind: 'declared_idle', date: today } : { kind: 'declared_inefficient', date: today, inefficiencyType: null };
  if (phase === 'supplied' || from === 'idle' || from === 'inefficient') return [declare];
  if (!beforeSupply) return [];
  // Supplied on the recorded supply date when it lies between the current category's start and today.
  const supplyDate = after.supplyDate && after.supplyDate <= today && (!since || after.supplyDate >= since) ? after.supplyDate : today;
  return [{ kind: 'supplied', date: supplyDate, method: after.supplyMethod === '划拨' ? '划拨' : '出让', supervisionNumber: after.supervisionNumber, priceWan: after.supplyPriceWan }, declare];
}

/**
 * The ledger fields that an entered event changes: the record follows the life where the life says more (the
 * category in force, the supply, the approval date, the agreed start, 已定方案 / 已销号). A disposal method that no longer
 * fits the new category is cleared. Empty when the record already agrees; land that left the five categories (供应,
 * 撤销批文) keeps its last category in the record, the life saying where it stands.
 */
export function fieldsFollowing(s: Standing, f: LedgerFacts): Partial<LedgerFacts> {
  const changes: Partial<LedgerFacts> = {};
  if (s.phase === 'unused' && s.category && s.category !== f.category) {
    changes.category = s.category;
    if (f.disposalMethod && disposalMethodFits(f.disposalMethod, { category: s.category })) changes.disposalMethod = null;
  }
  if (s.supply && s.supply.date !== f.supplyDate) {
    Object.assign(changes, { supplyDate: s.supply.date, supplyMethod: s.supply.method });
    if (s.supply.supervisionNumber) changes.supervisionNumber = s.supply.supervisionNumber;
    if (s.supply.priceWan != null) changes.supplyPriceWan = s.supply.priceWan;
  }
  if (s.approvalDate && s.approvalDate !== f.approvalDate) changes.approvalDate = s.approvalDate;
  if (s.agreedStartDate && s.agreedStartDate !== f.agreedStartDate) changes.agreedStartDate = s.agreedStartDate;
  if (s.phase === 'unused' && (s.status === 'struck_off' || (s.status === 'planned' && f.status === 'registered')) && s.status !== f.status) changes.status = s.status;
  return changes;
}
