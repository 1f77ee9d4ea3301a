/** 编辑: the open parcel's ledger fields as a form in the parcel panel; 保存 replaces them, keeping the boundary. */
import { useState } from 'react';
import type { ParcelDetail, ParcelFeature } from '../../api/types.ts';
import { ConflictView } from './conflict-view.tsx';
import { formFromFields, type FormValues } from './form-values.ts';
import { ParcelForm } from './parcel-form.tsx';
import { useParcelSave } from './use-parcel-save.ts';
import './editing.css';

export function AttributeEditor(props: { detail: ParcelDetail; onSaved: (parcel: ParcelFeature) => void; onCancel: () => void }) {
  const p = props.detail.properties;
  const [values, setValues] = useState(() => formFromFields(p));
  const saving = useParcelSave(props.onSaved);
  const edit = (next: FormValues, changed: keyof FormValues) => {
    setValues(next);
    saving.clearError(changed);
  };

  if (saving.conflict) {
    return (
      <ConflictView
        theirs={saving.conflict.theirs}
        mine={saving.conflict.mine}
        busy={saving.busy}
        onKeepTheirs={() => props.onSaved(saving.conflict!.theirs)}
        onOverwrite={() => saving.overwrite(true)}
      />
    );
  }
  return (
    <form
      className="editor"
      aria-label="编辑台账信息"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        saving.save({ id: p.id, version: p.version }, values, props.detail.geometry);
      }}
    >
      <ParcelForm values={values} errors={saving.errors} onChange={edit} />
      {saving.message && (
        <p className="error-box" role="alert">
          {saving.message}
        </p>
      )}
      <div className="form-actions form-actions--sticky">
        <button type="button" className="button button--quiet" onClick={props.onCancel} disabled={saving.busy}>
          取消
        </button>
        <button type="submit" className="button" disabled={saving.busy}>
          {saving.busy ? '正在保存…' : '保存'}
        </button>
      </div>
    </form>
  );
}
