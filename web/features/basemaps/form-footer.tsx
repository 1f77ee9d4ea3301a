/** The foot of the base-layer forms (a tile service, a package upload): the refusal that names no field, 取消, and the form's own submit button. */
import type { ReactNode } from 'react';

export function FormFooter(props: { error: string | null; busy: boolean; onCancel: () => void; children: ReactNode }) {
  return (
    <>
      {props.error && (
        <p className="error-box setup-form__wide" role="alert">
          {props.error}
        </p>
      )}
      <div className="setup-actions setup-form__wide">
        <button type="button" className="button button--quiet" onClick={props.onCancel} disabled={props.busy}>
          取消
        </button>
        {props.children}
      </div>
    </>
  );
}
