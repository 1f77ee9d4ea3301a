/** 外业核查: what field staff saw on the ground, from the field app, in the parcel's record at the desk. */
import type { FieldCheck } from '../../../core/field-check.ts';
import { FieldCheckEntry } from '../field/field-check-entry.tsx';

export function FieldChecks(props: { checks: FieldCheck[] }) {
  return (
    <section className="field-group" data-testid="parcel-field-checks">
      <h3 className="field-group__title">外业核查（{props.checks.length}）</h3>
      {props.checks.length === 0 ? (
        <p className="hint">尚无外业核查记录。外业人员可在手机上打开“外业模式”（/field）现场核查并拍照。</p>
      ) : (
        <ul className="field-checks" role="list" aria-label="外业核查记录">
          {props.checks.map((check) => (
            <FieldCheckEntry key={check.id} check={check} />
          ))}
        </ul>
      )}
    </section>
  );
}
