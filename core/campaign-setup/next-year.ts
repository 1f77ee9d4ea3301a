import type { IsoDate } from '../dates.ts';
import { addYears } from '../idle-land.ts';
import type { CampaignDefinition } from './definition.ts';

/** A year in a campaign's name or key ("2021年", "zhumadian-2021"), as the seeds write them. */
const YEAR = /(19|20)\d{2}/;

const shiftYearsIn = (text: string, years: number) => text.replace(new RegExp(YEAR, 'g'), (y) => String(Number(y) + years));

/**
 * "新建年度行动": next year's campaign proposed from this one — the same level, task types, tolerance and subtotal rows;
 * its dates, phases and milestones a year later (29 February falls on 28 February), for the person to adjust; the
 * year in its name and key moved on (or the new year added where the name had none); no document number yet, as the
 * new year's document is not known. Units, scope and tasks are proposed from the ledger on the new base date, not here.
 */
export function nextYearDefinition(previous: CampaignDefinition, years = 1): CampaignDefinition {
  const shift = (d: IsoDate) => addYears(d, years);
  const newYear = Number(shift(previous.startDate).slice(0, 4));
  const name = YEAR.test(previous.name) ? shiftYearsIn(previous.name, years) : `${previous.name}（${newYear}年度）`;
  const key = previous.key === null ? null : YEAR.test(previous.key) ? shiftYearsIn(previous.key, years) : `${previous.key}-${newYear}`;
  return {
    ...previous,
    key,
    name,
    document: null,
    startDate: shift(previous.startDate),
    endDate: shift(previous.endDate),
    milestones: previous.milestones.map((m) => ({ ...m, date: shift(m.date) })),
    phases: previous.phases.map((p) => ({ ...p, startDate: shift(p.startDate), endDate: shift(p.endDate) })),
  };
}
