/** A labelled file chooser: a button, the chosen file's name, and what kinds it takes. */
import { useId, useRef } from 'react';

export function FilePick(props: { label: string; accept: string; hint: string; file: File | null; disabled?: boolean; onFile: (file: File | null) => void; testId?: string }) {
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  return (
    <div
      className="file-pick"
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        e.preventDefault();
        const f = e.dataTransfer.files[0];
        if (f && !props.disabled) props.onFile(f);
      }}
    >
      <label htmlFor={id} className="file-pick__label">{props.label}</label>
      <input
        ref={input}
        id={id}
        type="file"
        accept={props.accept}
        className="visually-hidden"
        disabled={props.disabled}
        data-testid={props.testId}
        onChange={(e) => {
          props.onFile(e.target.files?.[0] ?? null);
          e.target.value = '';
        }}
      />
      <button type="button" className="button button--small button--quiet" disabled={props.disabled} onClick={() => input.current?.click()}>
        {props.file ? '更换文件…' : '选择文件…'}
      </button>
      {props.file ? (
        <span className="file-pick__name">
          {props.file.name}
          <button type="button" className="link-button" onClick={() => props.onFile(null)} disabled={props.disabled}>
            移除
          </button>
        </span>
      ) : (
        <span className="hint">{props.hint}</span>
      )}
    </div>
  );
}
