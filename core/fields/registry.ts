/**
 * The ledger's fields (台账字段), each declared once: the one list that the parsing of input, the edit form, the
 * parcel panel, the ledger table, the .xlsx and Shapefile exports, the import's header matching and the SQL
 * columns are derived from. The order is the ledger's column order.
 */
import { CATEGORIES, CATEGORY_LABELS, STATUSES, STATUS_LABELS } from '../categories.ts';
import { disposalMethodFits, disposalMethodsFor, LAND_CLASS_CODE, SUPERVISION_NUMBER } from './rules.ts';
import type { FieldDef, RecordOf } from './types.ts';

export const FIELDS = [
  { key: 'code', label: '地块编号', type: 'text', max: 64, required: true, fixed: true, group: 'required',
    aliases: ['宗地编号', '编号', 'DKBH', 'ZDBH'], xlsxWidth: 20, dbf: 'CODE', sql: 'code' },
  { key: 'projectName', label: '项目名称', type: 'text', max: 200, required: true, group: 'required',
    aliases: ['地块名称', '名称', 'XMMC', 'DKMC'], xlsxWidth: 32, dbf: 'NAME', sql: 'project_name' },
  { key: 'category', label: '类别', type: 'enum', values: CATEGORIES, valueLabels: CATEGORY_LABELS, required: true, group: 'required',
    aliases: ['类型', '地块类别'], xlsxWidth: 10, dbf: 'CATEGORY', sql: 'category' },
  { key: 'status', label: '状态', type: 'enum', values: STATUSES, valueLabels: STATUS_LABELS, required: true, group: 'required', bulk: true,
    aliases: ['处置状态'], xlsxWidth: 10, dbf: 'STATUS', sql: 'status' },
  // DKMJ (地块面积) is read as mu: a file that means hectares or m² by it fails the ledger check in the preview, visibly.
  { key: 'ledgerMu', label: '台账面积', type: 'amount', unit: '亩', positive: true, max: 1e6, required: true, group: 'required',
    aliases: ['面积（亩）', '地块面积（亩）', 'TZMJ', 'DKMJ', 'MJ_MU'], xlsxWidth: 14, dbf: 'LEDGER_MU', sql: 'ledger_mu' },
  { key: 'approvalBatch', label: '批次', type: 'text', max: 200, group: 'approval',
    aliases: ['批次名称', 'PCMC'], xlsxWidth: 30, dbf: 'BATCH', sql: 'approval_batch' },
  { key: 'approvalNumber', label: '批准文号', type: 'text', max: 200, group: 'approval',
    aliases: ['批文号', 'PZWH'], xlsxWidth: 20, dbf: 'APPROVAL', sql: 'approval_number' },
  { key: 'approvalDate', label: '批准日期', type: 'date', group: 'approval',
    aliases: ['批准时间', 'PZRQ'], xlsxWidth: 12, dbf: 'APPR_DATE', sql: 'approval_date' },
  { key: 'approvedMu', label: '批准面积', type: 'amount', unit: '亩', max: 1e9, group: 'approval',
    aliases: ['PZMJ'], xlsxWidth: 14, dbf: 'APPR_MU', sql: 'approved_mu' },
  { key: 'supervisionNumber', label: '电子监管号', type: 'text', max: 32, group: 'supply', placeholder: '如 4117022019B00345',
    pattern: { regex: SUPERVISION_NUMBER, expected: '6 位区划代码 + 4 位年份 + 1 位字母 + 5 位流水号，如 4117022019B00345' },
    aliases: ['监管号', 'DZJGH'], xlsxWidth: 20, dbf: 'SUPERVISE', sql: 'supervision_number' },
  { key: 'supplyMethod', label: '供应方式', type: 'text', max: 200, group: 'supply',
    aliases: ['供地方式', 'GYFS'], xlsxWidth: 10, dbf: 'SUPPLY_WAY', sql: 'supply_method' },
  { key: 'supplyDate', label: '供应日期', type: 'date', group: 'supply',
    aliases: ['供地日期', 'GYRQ', 'GDRQ'], xlsxWidth: 12, dbf: 'SUPPLY_DT', sql: 'supply_date' },
  // 出让价款, not 成交价款: the field holds the price a 出让 contract states (a 划拨 carries none), which the contract
  // (国有建设用地使用权出让合同) and the idle-fee rule (闲置土地处置办法 第十四条: 20% of the 出让价款) call
  // 出让价款; 成交价款/成交价格 is an auction result's word in the monitoring system, read here as an alias.
  { key: 'supplyPriceWan', label: '出让价款', type: 'amount', unit: '万元', max: 1e9, group: 'supply',
    aliases: ['成交价款', '成交价格', '出让金', 'CRJK', 'CJJG'], xlsxWidth: 14, dbf: 'PRICE_WAN', sql: 'supply_price_wan' },
  { key: 'landUse', label: '土地用途', type: 'text', max: 200, group: 'basic', bulk: true,
    aliases: ['地块用途', '用途', 'YT', 'TDYT'], xlsxWidth: 14, dbf: 'LAND_USE', sql: 'land_use' },
  { key: 'landClassCode', label: '地类编码', type: 'text', max: 8, group: 'basic', placeholder: '如 0601、05H1',
    pattern: { regex: LAND_CLASS_CODE, expected: '第三次国土调查工作分类的编码：2 位数字加至多 3 位数字或大写字母，如 0601、05H1、201A' },
    aliases: ['DLBM'], xlsxWidth: 10, dbf: 'LAND_CLASS', sql: 'land_class_code' },
  { key: 'landUser', label: '用地单位', type: 'text', max: 200, group: 'basic',
    aliases: ['受让人', '受让单位', 'YDDW'], xlsxWidth: 28, dbf: 'LAND_USER', sql: 'land_user' },
  { key: 'agreedStartDate', label: '约定开工时间', type: 'date', group: 'supply',
    aliases: ['约定开工日期', '约定动工时间', '约定动工日期', 'YDKGSJ'], xlsxWidth: 12, dbf: 'START_DATE', sql: 'agreed_start_date' },
  { key: 'reasons', label: '未利用原因', type: 'text', max: 1000, multiline: true, group: 'basic', bulk: true,
    aliases: ['未供原因', '闲置原因', '原因'], xlsxWidth: 28, dbf: 'REASONS', sql: 'reasons' },
  { key: 'sourceLists', label: '来源清单', type: 'list', itemMax: 50, group: 'basic', bulk: true, placeholder: '多个清单用“、”分隔',
    aliases: ['清单来源', 'LYQD'], xlsxWidth: 16, dbf: 'SOURCES', sql: 'source_lists' },
  { key: 'disposalMethod', label: '处置方式', type: 'text', max: 50, group: 'disposal', bulk: true,
    choices: disposalMethodsFor, check: disposalMethodFits,
    aliases: ['盘活方式', 'CZFS'], xlsxWidth: 14, dbf: 'DISPOSAL', sql: 'disposal_method' },
  { key: 'responsiblePerson', label: '责任人', type: 'text', max: 200, group: 'basic', bulk: true,
    aliases: ['负责人', 'ZRR'], xlsxWidth: 10, dbf: 'PERSON', sql: 'responsible_person' },
  { key: 'remarks', label: '备注', type: 'text', max: 1000, multiline: true, group: 'basic', bulk: true,
    aliases: ['说明', 'BZ'], xlsxWidth: 30, dbf: 'REMARKS', sql: 'remarks' },
] as const satisfies readonly FieldDef[];

/** A parcel's ledger fields (台账), as the API, the database and the demo data carry them. Areas are mu. */
export type LedgerFields = RecordOf<typeof FIELDS>;
export type FieldKey = keyof LedgerFields;
type Field = (typeof FIELDS)[number];

const BY_KEY = new Map<string, FieldDef>(FIELDS.map((f) => [f.key, f]));

export const fieldOf = (key: FieldKey): FieldDef => BY_KEY.get(key)!;

export function isFieldKey(x: unknown): x is FieldKey {
  return typeof x === 'string' && BY_KEY.has(x);
}

/** The label with its unit, as a column header or a form label: 台账面积（亩）, 出让价款（万元）. */
export const headerOf = (field: FieldDef): string => (field.type === 'amount' ? `${field.label}（${field.unit}）` : field.label);

/** Every field's label (without unit), by key. */
export const FIELD_LABELS = Object.fromEntries(FIELDS.map((f) => [f.key, f.label])) as Record<FieldKey, string>;

/** The fields that may be set on many parcels at once, in ledger order. */
export type BulkFieldKey = Extract<Field, { bulk: true }>['key'];
export const BULK_FIELD_KEYS = FIELDS.filter((f): f is Extract<Field, { bulk: true }> => 'bulk' in f && f.bulk).map((f) => f.key);
