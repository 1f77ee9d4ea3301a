import type { IsoDate } from '../dates.ts';
import { FIELD_LABELS } from '../fields/registry.ts';
import { classifyIdleLand, type IdleClass, type IdleClassification } from '../idle-land.ts';
import { aboutParcel, isResolved, muText, type ParcelFacts, type Severity, type Warning } from './types.ts';

/** The fee is 20% of the land price, named as the ledger names it (出让价款). */
const PRICE = FIELD_LABELS.supplyPriceWan;

/** Classes that call for action; not yet due and developing land raise no warning. */
export const IDLE_SEVERITY: Partial<Record<IdleClass, Severity>> = {
  recoverable: 'high',
  idle_fee: 'high',
  due_within_90_days: 'medium',
  government_cause: 'low',
  no_agreed_date: 'low',
  incomplete: 'low',
};

/** Whether the idle-land rules apply to a parcel on a date: open, supplied by then, idle by category or assessed. */
export function idleRulesApply(p: ParcelFacts, date: IsoDate): boolean {
  if (isResolved(p) || (p.category !== 'idle' && !p.assessment)) return false;
  return !(p.supplyDate && p.supplyDate > date);
}

/** The parcel's idle class on the date, from its ledger dates and price and what a person recorded. */
export function classifyParcel(p: Pick<ParcelFacts, 'agreedStartDate' | 'supplyPriceWan' | 'assessment'>, date: IsoDate): IdleClassification {
  const a = p.assessment;
  return classifyIdleLand(
    {
      agreedStartDate: p.agreedStartDate,
      actualStartDate: a?.actualStartDate ?? null,
      developedShare: a?.developedShare ?? null,
      investmentShare: a?.investmentShare ?? null,
      haltedSince: a?.haltedSince ?? null,
      governmentCause: a?.governmentCause ?? false,
      landPriceWan: p.supplyPriceWan,
      startFactsRecorded: a != null,
    },
    date,
  );
}

/**
 * The idle-land rules applied to the supplied parcels: those of category 供后闲置, and any other parcel for which a
 * person recorded an assessment (e.g. a 停建停产 inefficient parcel). Without an assessment, whether work started is
 * unknown: past the agreed date the parcel is 资料不全 at 提示 level, never a fee or recovery read from missing data.
 */
export function idleLandWarnings(parcels: readonly ParcelFacts[], date: IsoDate): Warning[] {
  const warnings: Warning[] = [];
  for (const p of parcels) {
    if (!idleRulesApply(p, date)) continue;
    const a = p.assessment;
    const c = classifyParcel(p, date);
    const severity = IDLE_SEVERITY[c.class];
    if (!severity) continue;
    const source = a ? `开工情况由 ${a.recordedBy} 录入` : '开工情况未录入';
    warnings.push({
      id: `idle_land:${p.id}`,
      kind: 'idle_land',
      severity,
      ...aboutParcel(p),
      title: titleOf(c.class, c.daysToIdle, c.idleFeeWan),
      detail: [
        `${c.reason}；面积 ${muText(p.ledgerMu)} 亩`,
        c.class === 'idle_fee' && p.supplyPriceWan != null ? `${PRICE} ${p.supplyPriceWan} 万元 × 20%` : null,
        c.class === 'government_cause' && a?.governmentCauseNote ? `政府原因：${a.governmentCauseNote}` : null,
        source,
      ].filter(Boolean).join('；'),
      date,
      facts: { idleClass: c.class, idleFrom: c.idleFrom, daysToIdle: c.daysToIdle, idleFeeWan: c.idleFeeWan, ledgerMu: p.ledgerMu, assessed: a !== null },
    });
  }
  return warnings;
}

function titleOf(cls: IdleClass, daysToIdle: number | null, feeWan: number | null): string {
  switch (cls) {
    case 'recoverable':
      return `闲置满两年，可无偿收回（已闲置 ${-(daysToIdle ?? 0)} 天）`;
    case 'idle_fee':
      return feeWan == null ? `闲置满一年，应征缴土地闲置费（缺${PRICE}，金额待核定）` : `闲置满一年，应征缴土地闲置费 ${feeWan.toFixed(2)} 万元`;
    case 'due_within_90_days':
      return `${daysToIdle} 天后满一年，将构成闲置土地`;
    case 'government_cause':
      return '政府原因造成闲置，按办法另行处置';
    case 'incomplete':
      return '资料不全：约定动工日期已过，开工情况未录入，无法认定是否闲置';
    case 'no_agreed_date':
      return '缺约定动工日期，无法判断是否闲置';
    default:
      return '';
  }
}
