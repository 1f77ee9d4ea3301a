import { CATEGORIES, isOneOf, STATUSES, type Category, type Status } from '../../core/categories.ts';
import { addDays, parseIsoDate, todayInChina, type IsoDate } from '../../core/dates.ts';
import { reportFriday } from '../../core/weeks.ts';
import { badParameter } from './errors.ts';

/** Query-string parsers: each turns text into a typed value or throws a 400 that names the parameter. */

export function positiveId(name: string, text: string | undefined): number {
  const n = Number(text);
  if (!text || !/^\d{1,9}$/.test(text) || n < 1) throw badParameter(name, `应为正整数编号，收到“${(text ?? '').slice(0, 40)}”`);
  return n;
}

export function optionalId(name: string, text: string | undefined): number | null {
  return text === undefined || text === '' ? null : positiveId(name, text);
}

export function optionalDate(name: string, text: string | undefined): IsoDate | null {
  if (text === undefined || text === '') return null;
  const date = parseIsoDate(text);
  if (!date) throw badParameter(name, `应为 YYYY-MM-DD 格式的有效日期，收到“${text.slice(0, 40)}”`);
  return date;
}

/** What a date parameter is bounded by: the campaign it is about. */
export interface CampaignSpan {
  startDate: IsoDate;
  endDate: IsoDate;
}

/**
 * The span a campaign's figures may be asked for: the report weeks (Saturday to Friday) from its start to its end, or
 * to today once it is over (a finished campaign's ledger is still read). Whole weeks, because the wall asks for the
 * week holding a date. Unbounded dates cost unbounded work (a trend to 9999-12-31 is 416,000 weeks).
 */
export function campaignDateSpan(campaign: CampaignSpan, today: IsoDate = todayInChina()): { from: IsoDate; to: IsoDate } {
  return { from: addDays(reportFriday(campaign.startDate), -6), to: reportFriday(campaign.endDate > today ? campaign.endDate : today) };
}

/** A date parameter within the campaign's span (see campaignDateSpan), or null when not given; a 400 naming the span otherwise. */
export function campaignDate(name: string, text: string | undefined, campaign: CampaignSpan): IsoDate | null {
  const date = optionalDate(name, text);
  if (date === null) return null;
  const { from, to } = campaignDateSpan(campaign);
  if (date < from || date > to) throw badParameter(name, `日期须在本专项行动的范围内（${from} 至 ${to}），收到“${date}”`);
  return date;
}

export function intInRange(name: string, text: string | undefined, min: number, max: number, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!/^-?\d+$/.test(text) || n < min || n > max) throw badParameter(name, `应为 ${min} 到 ${max} 之间的整数，收到“${text.slice(0, 40)}”`);
  return n;
}

/** A yes/no parameter: 1/true/yes or 0/false/no; absent is no. */
export function flag(name: string, text: string | undefined): boolean {
  if (text === undefined || text === '') return false;
  if (['1', 'true', 'yes'].includes(text.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(text.toLowerCase())) return false;
  throw badParameter(name, `应为 1 或 0，收到“${text.slice(0, 40)}”`);
}

function listOf<T extends string>(name: string, text: string | undefined, allowed: readonly T[]): T[] | null {
  if (text === undefined || text === '') return null;
  const values = text.split(',').map((v) => v.trim());
  const wrong = values.filter((v) => !isOneOf(allowed, v));
  if (wrong.length) throw badParameter(name, `不认识的取值“${wrong.join('、').slice(0, 60)}”，可选：${allowed.join('、')}`);
  return values as T[];
}

export const categories = (text: string | undefined): Category[] | null => listOf('category', text, CATEGORIES);
export const statuses = (text: string | undefined): Status[] | null => listOf('status', text, STATUSES);

export type Bbox = [minLon: number, minLat: number, maxLon: number, maxLat: number];

export function bbox(text: string | undefined): Bbox | null {
  if (text === undefined || text === '') return null;
  const parts = text.split(',');
  const nums = parts.map((p) => (p.trim() === '' ? NaN : Number(p)));
  if (parts.length !== 4 || nums.some((n) => !Number.isFinite(n))) {
    throw badParameter('bbox', `格式应为“最小经度,最小纬度,最大经度,最大纬度”（4 个数字），收到“${text.slice(0, 60)}”`);
  }
  const [minLon, minLat, maxLon, maxLat] = nums as Bbox;
  if (minLon < -180 || maxLon > 180 || minLat < -90 || maxLat > 90) throw badParameter('bbox', '经度须在 -180 到 180 之间，纬度须在 -90 到 90 之间（注意经度在前）');
  if (minLon > maxLon || minLat > maxLat) throw badParameter('bbox', '最小值不能大于最大值');
  return [minLon, minLat, maxLon, maxLat];
}

export function searchText(text: string | undefined): string | null {
  if (text === undefined) return null;
  const q = text.trim();
  if (q.length > 100) throw badParameter('q', '搜索词不能超过 100 个字符');
  return q === '' ? null : q;
}
