/** A cell being edited in place: Enter (or leaving it) saves, Escape cancels; the server's or the rules' objection shows under it. */
import { useRef, useState } from 'react';
import type { Editor } from './columns.ts';

interface CellEditorProps {
  editor: Editor;
  initial: string;
  label: string;
  /** Resolves to an error message, or null once saved. */
  onSave: (text: string) => Promise<string | null>;
  onDone: () => void;
}

export function CellEditor({ editor, initial, label, onSave, onDone }: CellEditorProps) {
  const [text, setText] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Set once the edit is over (saved or cancelled): the focus then returns to the grid, and the blur that causes must
  // not save again.
  const finished = useRef(false);
  const sending = useRef(false);

  const finish = () => {
    finished.current = true;
    onDone();
  };

  const commit = async (value: string) => {
    if (finished.current || sending.current) return;
    if (value === initial) return finish();
    sending.current = true;
    setBusy(true);
    const problem = await onSave(value);
    sending.current = false;
    setBusy(false);
    if (problem) setError(problem);
    else finish();
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    // The grid must not act on keys meant for the editor.
    event.stopPropagation();
    if (event.key === 'Escape') {
      event.preventDefault();
      finish();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      void commit(text);
    }
  };

  const common = {
    'aria-label': `修改${label}`,
    'aria-invalid': error !== null,
    autoFocus: true,
    disabled: busy,
    onKeyDown,
    className: 'ledger-cell-editor__input',
  };
  return (
    <span className={`ledger-cell-editor ${error ? 'ledger-cell-editor--invalid' : ''}`} onClick={(e) => e.stopPropagation()} onDoubleClick={(e) => e.stopPropagation()}>
      {editor.kind === 'select' ? (
        <select {...common} value={text} onChange={(e) => { setText(e.target.value); void commit(e.target.value); }} onBlur={() => !error && !sending.current && !finished.current && finish()}>
          {editor.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      ) : (
        <input
          {...common}
          type={editor.kind === 'date' ? 'date' : 'text'}
          inputMode={editor.kind === 'number' ? 'decimal' : undefined}
          value={text}
          onChange={(e) => { setText(e.target.value); setError(null); }}
          onBlur={() => void commit(text)}
        />
      )}
      {busy && <span className="ledger-cell-editor__busy">保存中…</span>}
      {error && (
        <span className="ledger-cell-editor__error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
