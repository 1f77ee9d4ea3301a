import { CATEGORIES, DISPOSAL_METHODS, isOneOf, STATUSES, taskTypeOf, CATEGORY_LABELS } from './categories.ts';
import { parseIsoDate } from './dates.ts';
import { SUPERVISION_NUMBER, type ParcelFields } from './parcel.ts';

/** One reason a field's value cannot be saved. */
export interface FieldProblem {
  field: keyof ParcelFields | 'geometry' | 'version' | 'unitId';
  message: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false, problems: FieldProblem[] };

const TEXT_FIELDS = ['approvalBatch', 'approvalNumber', 'supplyMethod', 'landUse', 'landUser', 'reasons', 'responsiblePerson', 'remarks'] as const;
const DATE_FIELDS = ['approvalDate', 'supplyDate', 'agreedStartDate'] as const;
const AMOUNT_FIELDS = ['approvedMu', 'supplyPriceWan'] as const;

const LABELS: Record<string, string> = {
  code: '地块编号', projectName: '项目名称', category: '类别', status: '状态', ledgerMu: '台账面积',
  approvalBatch: '批次', approvalNumber: '批准文号', approvalDate: '批准日期', approvedMu: '批准面积',
  supervisionNumber: '电子监管号', supplyMethod: '供应方式', supplyDate: '供应日期', supplyPriceWan: '出让价款',
  landUse: '土地用途', landUser: '用地单位', agreedStartDate: '约定开工时间', reasons: '未利用原因',
  sourceLists: '来源清单', disposalMethod: '处置方式', responsiblePerson: '责任人', remarks: '备注',
};

/**
 * Parses a parcel's ledger fields from untrusted JSON (an API body, an imported row, the edit form) into typed
 * values, or says in Chinese what is wrong with each field. Empty strings count as "not given".
 */
export function parseParcelFields(input: Record<string, unknown>): Parsed<ParcelFields> {
  const problems: FieldProblem[] = [];
  const problem = (field: FieldProblem['field'], message: string) => problems.push({ field, message: `${LABELS[field] ?? field}：${message}` });
  const text = (field: string, max: number): string | null => {
    const v = input[field];
    if (v === undefined || v === null || v === '') return null;
    if (typeof v !== 'string') return problem(field as FieldProblem['field'], '应为文字'), null;
    if (v.trim().length > max) return problem(field as FieldProblem['field'], `不能超过 ${max} 个字`), null;
    return v.trim();
  };
  const amount = (field: string): number | null => {
    const v = input[field];
    if (v === undefined || v === null || v === '') return null;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1e9) return problem(field as FieldProblem['field'], '应为不小于 0 的数字'), null;
    return v;
  };

  const required = (field: 'code' | 'projectName', max: number): string | null => {
    const before = problems.length;
    const v = text(field, max);
    if (v === null && problems.length === before) problem(field, '必填');
    return v;
  };
  const code = required('code', 64);
  const projectName = required('projectName', 200);
  const category = input.category;
  if (!isOneOf(CATEGORIES, category)) problem('category', `应为 ${CATEGORIES.map((c) => CATEGORY_LABELS[c]).join('、')} 之一`);
  const status = input.status;
  if (!isOneOf(STATUSES, status)) problem('status', '不是有效的状态');
  const ledgerMu = input.ledgerMu;
  if (typeof ledgerMu !== 'number' || !Number.isFinite(ledgerMu) || ledgerMu <= 0 || ledgerMu > 1e6) problem('ledgerMu', '应为大于 0 的亩数');

  const dates = Object.fromEntries(DATE_FIELDS.map((field) => {
    const v = text(field, 10);
    if (v !== null && !parseIsoDate(v)) problem(field, `“${v}”不是有效日期（YYYY-MM-DD）`);
    return [field, v];
  })) as Record<(typeof DATE_FIELDS)[number], string | null>;
  const texts = Object.fromEntries(TEXT_FIELDS.map((field) => [field, text(field, field === 'remarks' || field === 'reasons' ? 1000 : 200)])) as Record<(typeof TEXT_FIELDS)[number], string | null>;
  const amounts = Object.fromEntries(AMOUNT_FIELDS.map((field) => [field, amount(field)])) as Record<(typeof AMOUNT_FIELDS)[number], number | null>;

  const supervisionNumber = text('supervisionNumber', 32);
  if (supervisionNumber && !SUPERVISION_NUMBER.test(supervisionNumber)) {
    problem('supervisionNumber', `“${supervisionNumber}”格式不对，应为 6 位区划代码 + 4 位年份 + 1 位字母 + 5 位流水号，如 4117022019B00345`);
  }
  const disposalMethod = text('disposalMethod', 50);
  if (disposalMethod && isOneOf(CATEGORIES, category) && !DISPOSAL_METHODS[taskTypeOf(category)].includes(disposalMethod)) {
    problem('disposalMethod', `“${disposalMethod}”不适用于${CATEGORY_LABELS[category]}，可选：${DISPOSAL_METHODS[taskTypeOf(category)].join('、')}`);
  }
  const lists = input.sourceLists ?? [];
  if (!Array.isArray(lists) || lists.some((l) => typeof l !== 'string' || l.length > 50)) problem('sourceLists', '应为来源清单名称的列表');

  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    value: {
      code: code!, projectName: projectName!, category: category as ParcelFields['category'], status: status as ParcelFields['status'],
      ledgerMu: ledgerMu as number, ...texts, ...dates, ...amounts, supervisionNumber, disposalMethod, sourceLists: lists as string[],
    },
  };
}
