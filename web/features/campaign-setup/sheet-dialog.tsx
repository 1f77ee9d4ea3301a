import { useEffect, useRef, type ReactNode } from 'react';
import './campaign-setup.css';

/**
 * The desk's modal sheet (管理 and 报表 dialogs): opens as a modal on mount, a header with the title, whatever the
 * dialog adds beside it (a subtitle, tabs, a stepper) and a close button; Esc or × closes it and calls onClose.
 */
export function SheetDialog(props: {
  /** The dialog's heading; also its accessible name. */
  title: ReactNode;
  testId: string;
  narrow?: boolean;
  /** Beside the title in the header. */
  header?: ReactNode;
  onClose: () => void;
  children: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  const titleId = `${props.testId}-title`;
  return (
    <dialog
      ref={dialog}
      className={props.narrow ? 'setup-dialog setup-dialog--narrow' : 'setup-dialog'}
      aria-labelledby={titleId}
      onClose={props.onClose}
      data-testid={props.testId}
    >
      <header className="setup-dialog__header">
        <h2 id={titleId}>{props.title}</h2>
        {props.header}
        <button type="button" className="icon-button" aria-label="关闭" onClick={() => dialog.current?.close()}>
          ×
        </button>
      </header>
      <div className="setup-dialog__body">{props.children}</div>
    </dialog>
  );
}
