/**
 * What the person has confirmed in an import report: parcels accepted although they lie outside every unit, overlaps
 * accepted, and update offers turned down (create a second parcel instead). The same rule as the server's commit check
 * (core/import-review.ts) says what is still waiting, so the 导入 button can say so before the server refuses.
 */
import { unconfirmed } from '../../../core/import-review.ts';
import type { PreviewItem } from './types.ts';

export interface Confirmations {
  outside: ReadonlySet<number>;
  overlaps: ReadonlySet<number>;
  create: ReadonlySet<number>;
}

export const NO_CONFIRMATIONS: Confirmations = { outside: new Set(), overlaps: new Set(), create: new Set() };

export type ConfirmationKind = keyof Confirmations;

export function toggled(c: Confirmations, kind: ConfirmationKind, index: number, on: boolean): Confirmations {
  const next = new Set(c[kind]);
  if (on) next.add(index);
  else next.delete(index);
  return { ...c, [kind]: next };
}

/** The ledger parcel a chosen item will update, given the person's choice on an offer. */
export const updatesOf = (item: PreviewItem, c: Confirmations) => (c.create.has(item.index) && item.createInstead ? null : (item.existing?.id ?? null));

/** Reasons the chosen items cannot be committed yet, in words (empty: ready). */
export function pendingConfirmations(items: readonly PreviewItem[], chosen: ReadonlySet<number>, c: Confirmations, thresholdMu: number): string[] {
  const reviewed = items
    .filter((i) => chosen.has(i.index))
    .map((i) => ({
      index: i.index,
      source: i.source,
      code: typeof i.parcel.code === 'string' ? i.parcel.code : null,
      whollyOutside: i.needsConfirmation.includes('outside'),
      overlaps: i.overlaps,
      updates: updatesOf(i, c),
    }));
  return unconfirmed(reviewed, c, thresholdMu);
}

/** The commit request's `confirm`, for the chosen items only. */
export function confirmBody(c: Confirmations, chosen: ReadonlySet<number>) {
  const only = (s: ReadonlySet<number>) => [...s].filter((i) => chosen.has(i));
  return { outside: only(c.outside), overlaps: only(c.overlaps), create: only(c.create) };
}
