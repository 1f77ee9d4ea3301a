import { parseIsoDate, type IsoDate } from '../../../core/dates.ts';
import { isOneOf, TASK_TYPES } from '../../../core/categories.ts';
import type { TaskKey } from '../../api/types.ts';

export interface WallParams {
  /** null: none asked for (the first campaign is shown). */
  campaign: number | null;
  /** The campaign parameter as given when it is no campaign id (e.g. "abc"): an error page, not a fallback. */
  unreadableCampaign: string | null;
  task: TaskKey;
  /** A replayed report week; null follows today. */
  date: IsoDate | null;
  /** Rotate through task types and lagging units on a timer. */
  kiosk: boolean;
  /** Drawn for the PNG snapshot: no rotation, no controls. */
  snapshot: boolean;
}

const TASK_KEYS = ['overall', ...TASK_TYPES] as const;

/**
 * The wall's address: /wall?campaign=1&task=idle&date=2021-07-09&kiosk=1. An unreadable task or date falls back (to
 * 合计, to today); an unreadable campaign does not, since another campaign's wall would be mistaken for it.
 */
export function parseWallParams(search: string): WallParams {
  const q = new URLSearchParams(search);
  const campaign = q.get('campaign');
  const id = Number(campaign);
  const readable = campaign !== null && /^\d+$/.test(campaign) && Number.isSafeInteger(id) && id > 0;
  const task = q.get('task');
  const date = q.get('date');
  return {
    campaign: readable ? id : null,
    unreadableCampaign: campaign !== null && !readable ? campaign : null,
    task: isOneOf(TASK_KEYS, task) ? task : 'overall',
    date: date ? parseIsoDate(date) : null,
    kiosk: q.get('kiosk') === '1',
    snapshot: q.get('snapshot') === '1',
  };
}

export function wallSearch(p: WallParams): string {
  const q = new URLSearchParams();
  if (p.campaign) q.set('campaign', String(p.campaign));
  if (p.task !== 'overall') q.set('task', p.task);
  if (p.date) q.set('date', p.date);
  if (p.kiosk) q.set('kiosk', '1');
  return q.toString();
}
