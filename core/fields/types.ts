/**
 * What the field registry (registry.ts) says about each ledger field, and the parcel's ledger record (台账) derived
 * from it: a field's value type follows from its `type`, so a field is declared once, in the registry.
 */

export type FieldType = 'text' | 'date' | 'amount' | 'enum' | 'list';

/** The groups the form and the parcel panel show fields in, in this order. */
export const FIELD_GROUPS = ['required', 'basic', 'approval', 'supply', 'disposal'] as const;
export type FieldGroup = (typeof FIELD_GROUPS)[number];
export const FIELD_GROUP_TITLES: Record<FieldGroup, string> = {
  required: '必填信息', basic: '基本信息', approval: '批准信息', supply: '供应信息', disposal: '处置信息',
};

interface FieldBase {
  /** The API's name (camelCase). */
  key: string;
  /** The ledger's Chinese name, without the unit (地块编号, 台账面积). */
  label: string;
  /** Required fields are never null (and never empty). */
  required?: boolean;
  group: FieldGroup;
  /** Other names files give the field (Chinese headers, pinyin initials such as XMMC, English); matched ignoring case. */
  aliases: readonly string[];
  /** Column width in the .xlsx export, characters; the header is the label with its unit. */
  xlsxWidth: number;
  /** Shapefile (DBF) field name: at most 10 ASCII characters. */
  dbf: string;
  /** Column of the `parcels` table. */
  sql: string;
  /** May be set on many parcels at once (批量修改). */
  bulk?: boolean;
  /** Not changed in a table cell: the code is what imports and links match parcels by. */
  fixed?: boolean;
  /** Hint shown in an empty input. */
  placeholder?: string;
}

export interface TextField extends FieldBase {
  type: 'text';
  /** Characters, after trimming. */
  max: number;
  /** Typed in a text area (long free text). */
  multiline?: boolean;
  /** A format the text must have, and how to say what it should look like. */
  pattern?: { regex: RegExp; expected: string };
  /** The values offered for the record as it stands (e.g. the disposal methods of the parcel's category). */
  choices?: (record: object) => readonly string[];
  /** A rule involving other fields: the reason the value does not fit, or null. */
  check?: (value: string, record: object) => string | null;
}

export interface DateField extends FieldBase {
  type: 'date';
}

export interface AmountField extends FieldBase {
  type: 'amount';
  unit: '亩' | '万元';
  /** Inclusive upper limit; the lower limit is 0, inclusive unless `positive`. */
  max: number;
  positive?: boolean;
}

export interface EnumField extends FieldBase {
  type: 'enum';
  /** Code values; the first is the default of a new parcel's form. */
  values: readonly string[];
  /** What the UI and spreadsheets show for each value; files may give either. */
  valueLabels: Readonly<Record<string, string>>;
}

export interface ListField extends FieldBase {
  type: 'list';
  /** Characters per item. */
  itemMax: number;
}

export type FieldDef = TextField | DateField | AmountField | EnumField | ListField;

type ValueOf<F> = F extends { type: 'enum'; values: readonly (infer V)[] } ? V
  : F extends { type: 'amount' } ? number
  : F extends { type: 'list' } ? string[]
  : string;

/** A list is never null (empty instead); other optional fields are null when not given. */
type Stored<F> = F extends { required: true } | { type: 'list' } ? ValueOf<F> : ValueOf<F> | null;

/** The record the fields of a registry make: one property per field, typed by the field's type. */
export type RecordOf<Fields extends readonly FieldDef[]> = { -readonly [F in Fields[number] as F['key']]: Stored<F> };
