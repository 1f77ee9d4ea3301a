/**
 * The ledger fields as a form, grouped as the ledger groups them — fields, labels, groups and kinds of input all from
 * the field registry. Enumerations and the disposal method are selects (the disposal methods offered are those of
 * the category's task type); areas are typed in 亩.
 */
import { FIELDS, headerOf, type FieldKey } from '../../../core/fields/registry.ts';
import { FIELD_GROUPS, FIELD_GROUP_TITLES, type FieldDef, type TextField } from '../../../core/fields/types.ts';
import type { FormValues } from './form-values.ts';

type Key = FieldKey;

/** The form's groups in order, each with its fields in ledger order. */
const FORM_GROUPS = FIELD_GROUPS.map((group) => ({ group, title: FIELD_GROUP_TITLES[group], fields: FIELDS.filter((f) => f.group === group) as FieldDef[] }));

const CHOICE_FIELDS = (FIELDS as readonly FieldDef[]).filter((f): f is TextField & { key: Key; choices: NonNullable<TextField['choices']> } => f.type === 'text' && !!f.choices);

/** Every ledger field's label with its unit, as the form shows it: for the conflict view's and the history's rows. */
export const FIELD_LABELS = Object.fromEntries(FIELDS.map((f) => [f.key, headerOf(f)])) as Record<Key, string>;

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
    // A choice the change no longer offers (a disposal method of another category's task type) would not be valid:
    // clear it rather than keep a wrong value.
    for (const f of CHOICE_FIELDS) {
      const chosen = next[f.key];
      if (f.key !== key && chosen && f.choices(values).includes(chosen) && !f.choices(next).includes(chosen)) next[f.key] = '';
    }
    onChange(next, key);
  };
  const group = ({ title, fields }: (typeof FORM_GROUPS)[number]) => (
    <fieldset key={title} className="form-group">
      <legend>{title}</legend>
      {fields.map((f) => <FormField key={f.key} field={f} values={values} error={errors[f.key]} onChange={set} />)}
    </fieldset>
  );
  const [required, ...others] = FORM_GROUPS;
  const rest = others.map(group);
  return (
    <div className="parcel-form">
      {group(required!)}
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

function FormField(props: { field: FieldDef; values: FormValues; error: string | undefined; onChange: (key: Key, value: string) => void }) {
  const { field, values, error } = props;
  const key = field.key as Key;
  const id = `field-${key}`;
  const value = values[key];
  const common = {
    id,
    name: key,
    value,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `${id}-error` : undefined,
    required: field.required,
  };
  const onInput = (e: { target: { value: string } }) => props.onChange(key, e.target.value);
  let input;
  if (field.type === 'enum') {
    input = (
      <select {...common} onChange={onInput}>
        {field.values.map((v) => (
          <option key={v} value={v}>
            {field.valueLabels[v]}
          </option>
        ))}
      </select>
    );
  } else if (field.type === 'text' && field.choices) {
    input = (
      <select {...common} onChange={onInput}>
        <option value="">（未定）</option>
        {field.choices(values).map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </select>
    );
  } else if (field.type === 'text' && field.multiline) {
    input = <textarea {...common} onChange={onInput} />;
  } else if (field.type === 'amount') {
    // Text with a decimal keypad, not type=number: a half-typed "12." stays as typed, and no wheel changes a figure.
    input = <input {...common} inputMode="decimal" autoComplete="off" placeholder={field.placeholder} onChange={onInput} />;
  } else if (field.type === 'date') {
    input = <input {...common} type="date" onChange={onInput} />;
  } else {
    input = <input {...common} autoComplete="off" placeholder={field.placeholder} onChange={onInput} />;
  }
  return (
    <div className={`form-field ${error ? 'form-field--invalid' : ''}`}>
      <label htmlFor={id}>
        {headerOf(field)}
        {field.required && <span className="form-field__required"> *</span>}
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
