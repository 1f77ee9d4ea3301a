/**
 * A disposal record (处置记录) entered for a parcel: on a date, so many mu, by a method of the parcel's task type.
 * The parcel's disposed mu may never exceed its ledger mu; a record cannot be dated in the future.
 */
import { CATEGORY_LABELS, DISPOSAL_METHODS, taskTypeOf, type Category } from '../categories.ts';
import { parseIsoDate, type IsoDate } from '../dates.ts';

export interface DisposalInput {
  date: IsoDate;
  /** Mu disposed by this record, > 0. */
  mu: number;
  method: string;
  note: string | null;
}

export interface DisposalProblem {
  field: 'date' | 'mu' | 'method' | 'note';
  message: string;
}

/** Both figures kept to two decimals, as the ledger writes mu. */
const mu2 = (x: number) => x.toFixed(2);
/** Floating sums of two-decimal figures must not refuse a record that fills the parcel exactly. */
const EPSILON_MU = 1e-6;

/**
 * Checks a record against its parcel: `disposedMu` is what the parcel's existing records already add up to.
 * Returns the typed record, or every problem in Chinese (the area problem states both figures in 亩).
 */
export function checkDisposal(
  input: Record<string, unknown>,
  parcel: { category: Category; ledgerMu: number; disposedMu: number },
  today: IsoDate,
): { ok: true; value: DisposalInput } | { ok: false; problems: DisposalProblem[] } {
  const problems: DisposalProblem[] = [];
  const date = typeof input.date === 'string' ? parseIsoDate(input.date) : null;
  if (!date) problems.push({ field: 'date', message: `处置日期：“${String(input.date ?? '')}”不是有效日期（YYYY-MM-DD）` });
  else if (date > today) problems.push({ field: 'date', message: `处置日期：${date} 晚于今天（${today}），不能登记未发生的处置` });

  const mu = input.mu;
  const validMu = typeof mu === 'number' && Number.isFinite(mu) && mu > 0 && mu <= 1e6;
  if (!validMu) problems.push({ field: 'mu', message: '处置面积：应为大于 0 的亩数' });
  else if (parcel.disposedMu + mu > parcel.ledgerMu + EPSILON_MU) {
    problems.push({
      field: 'mu',
      message: `处置面积超出台账面积：已处置 ${mu2(parcel.disposedMu)} 亩，本次 ${mu2(mu)} 亩，合计 ${mu2(parcel.disposedMu + mu)} 亩，超过台账面积 ${mu2(parcel.ledgerMu)} 亩（最多还可登记 ${mu2(Math.max(0, parcel.ledgerMu - parcel.disposedMu))} 亩）`,
    });
  }

  const methods = DISPOSAL_METHODS[taskTypeOf(parcel.category)];
  const method = typeof input.method === 'string' ? input.method.trim() : '';
  if (!methods.includes(method)) {
    problems.push({ field: 'method', message: `处置方式：“${method}”不适用于${CATEGORY_LABELS[parcel.category]}，可选：${methods.join('、')}` });
  }
  const note = input.note === undefined || input.note === null || input.note === '' ? null : input.note;
  if (note !== null && (typeof note !== 'string' || note.length > 500)) problems.push({ field: 'note', message: '说明：应为不超过 500 字的文字' });

  if (problems.length) return { ok: false, problems };
  return { ok: true, value: { date: date!, mu: mu as number, method, note: note === null ? null : (note as string).trim() || null } };
}
