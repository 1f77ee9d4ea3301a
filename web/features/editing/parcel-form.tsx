/**
 * The ledger fields as a form, grouped as the ledger groups them. Category, status and disposal method are selects
 * (the disposal methods offered are those of the category's task type); areas are typed in 亩.
 */
import { CATEGORIES, CATEGORY_LABELS, DISPOSAL_METHODS, isOneOf, STATUSES, STATUS_LABELS, taskTypeOf } from '../../../core/categories.ts';
import type { ParcelFields } from '../../../core/parcel.ts';
import type { FormValues } from './form-values.ts';

type Key = keyof ParcelFields;
type Kind = 'text' | 'textarea' | 'mu' | 'number' | 'date' | 'category' | 'status' | 'disposal';

interface FieldSpec {
  key: Key;
  label: string;
  kind: Kind;
  required?: boolean;
  placeholder?: string;
}

const REQUIRED: FieldSpec[] = [
  { key: 'code', label: '地块编号', kind: 'text', required: true },
  { key: 'projectName', label: '项目名称', kind: 'text', required: true },
  { key: 'category', label: '类别', kind: 'category', required: true },
  { key: 'status', label: '状态', kind: 'status', required: true },
  { key: 'ledgerMu', label: '台账面积（亩）', kind: 'mu', required: true },
];

const GROUPS: { title: string; fields: FieldSpec[] }[] = [
  {
    title: '基本信息',
    fields: [
      { key: 'landUse', label: '土地用途', kind: 'text' },
      { key: 'landUser', label: '用地单位', kind: 'text' },
      { key: 'reasons', label: '未利用原因', kind: 'textarea' },
      { key: 'sourceLists', label: '来源清单', kind: 'text', placeholder: '多个清单用“、”分隔' },
      { key: 'responsiblePerson', label: '责任人', kind: 'text' },
      { key: 'remarks', label: '备注', kind: 'textarea' },
    ],
  },
  {
    title: '批准信息',
    fields: [
      { key: 'approvalBatch', label: '批次', kind: 'text' },
      { key: 'approvalNumber', label: '批准文号', kind: 'text' },
      { key: 'approvalDate', label: '批准日期', kind: 'date' },
      { key: 'approvedMu', label: '批准面积（亩）', kind: 'mu' },
    ],
  },
  {
    title: '供应信息',
    fields: [
      { key: 'supervisionNumber', label: '电子监管号', kind: 'text', placeholder: '如 4117022019B00345' },
      { key: 'supplyMethod', label: '供应方式', kind: 'text' },
      { key: 'supplyDate', label: '供应日期', kind: 'date' },
      { key: 'supplyPriceWan', label: '成交价款（万元）', kind: 'number' },
      { key: 'agreedStartDate', label: '约定开工时间', kind: 'date' },
    ],
  },
  { title: '处置信息', fields: [{ key: 'disposalMethod', label: '处置方式', kind: 'disposal' }] },
];

/** Every ledger field's label, in form order: for the conflict view's rows. */
export const FIELD_LABELS = Object.fromEntries([...REQUIRED, ...GROUPS.flatMap((g) => g.fields)].map((f) => [f.key, f.label])) as Record<Key, string>;

interface ParcelFormProps {
  values: FormValues;
  errors: Partial<Record<string, string>>;
  /** The new values, and the field just changed (its old problem no longer applies). */
  onChange: (values: FormValues, changed: Key) => void;
  /** Only the required fields in view, the rest folded away: for a parcel just drawn, where the map needs the room. */
  compact?: boolean;
}

export function ParcelForm({ values, errors, onChange, compact = false }: ParcelFormProps) {
  const set = (key: Key, value: string) => {
    const next = { ...values, [key]: value };
    // A disposal method of another task type would no longer be valid; clear it rather than keep a wrong value.
    if (key === 'category' && isOneOf(CATEGORIES, value) && next.disposalMethod && !DISPOSAL_METHODS[taskTypeOf(value)].includes(next.disposalMethod)) {
      next.disposalMethod = '';
    }
    onChange(next, key);
  };
  const field = (spec: FieldSpec) => <FormField key={spec.key} spec={spec} values={values} error={errors[spec.key]} onChange={set} />;
  const rest = GROUPS.map((group) => (
    <fieldset key={group.title} className="form-group">
      <legend>{group.title}</legend>
      {group.fields.map(field)}
    </fieldset>
  ));
  return (
    <div className="parcel-form">
      <fieldset className="form-group">
        <legend>必填信息</legend>
        {REQUIRED.map(field)}
      </fieldset>
      {compact ? (
        <details className="form-more">
          <summary>更多台账信息（选填）</summary>
          {rest}
        </details>
      ) : (
        rest
      )}
    </div>
  );
}

function FormField(props: { spec: FieldSpec; values: FormValues; error: string | undefined; onChange: (key: Key, value: string) => void }) {
  const { spec, values, error } = props;
  const id = `field-${spec.key}`;
  const value = values[spec.key];
  const common = {
    id,
    name: spec.key,
    value,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `${id}-error` : undefined,
    required: spec.required,
  };
  const onInput = (e: { target: { value: string } }) => props.onChange(spec.key, e.target.value);
  let input;
  switch (spec.kind) {
    case 'textarea':
      input = <textarea {...common} onChange={onInput} />;
      break;
    case 'mu':
    case 'number':
      // Text with a decimal keypad, not type=number: a half-typed "12." stays as typed, and no wheel changes a figure.
      input = <input {...common} inputMode="decimal" autoComplete="off" placeholder={spec.placeholder} onChange={onInput} />;
      break;
    case 'date':
      input = <input {...common} type="date" onChange={onInput} />;
      break;
    case 'category':
      input = (
        <select {...common} onChange={onInput}>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {CATEGORY_LABELS[c]}
            </option>
          ))}
        </select>
      );
      break;
    case 'status':
      input = (
        <select {...common} onChange={onInput}>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      );
      break;
    case 'disposal': {
      const methods = isOneOf(CATEGORIES, values.category) ? DISPOSAL_METHODS[taskTypeOf(values.category)] : [];
      input = (
        <select {...common} onChange={onInput}>
          <option value="">（未定）</option>
          {methods.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      );
      break;
    }
    case 'text':
      input = <input {...common} autoComplete="off" placeholder={spec.placeholder} onChange={onInput} />;
  }
  return (
    <div className={`form-field ${error ? 'form-field--invalid' : ''}`}>
      <label htmlFor={id}>
        {spec.label}
        {spec.required && <span className="form-field__required"> *</span>}
      </label>
      {input}
      {error && (
        <span id={`${id}-error`} className="form-field__error">
          {error}
        </span>
      )}
    </div>
  );
}
