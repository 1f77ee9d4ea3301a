import type { ReactNode } from 'react';

export interface Field {
  label: string;
  value: ReactNode | null | undefined;
  testId?: string;
}

/** A labelled group of ledger fields; an empty field shows a dash so the reader knows it is blank, not missing. */
export function FieldGroup(props: { title: string; fields: Field[]; children?: ReactNode }) {
  return (
    <section className="field-group">
      <h3 className="field-group__title">{props.title}</h3>
      <dl className="fields">
        {props.fields.map((field) => (
          <div className="fields__row" key={field.label}>
            <dt>{field.label}</dt>
            <dd data-testid={field.testId}>{field.value == null || field.value === '' ? <span className="blank">—</span> : field.value}</dd>
          </div>
        ))}
      </dl>
      {props.children}
    </section>
  );
}
