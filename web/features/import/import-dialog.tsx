/**
 * Importing parcels from a boundary file: choose the file and the defaults, upload it (with progress), review the
 * server's report parcel by parcel with the parcels drawn on the map, then write the chosen ones. A native modal
 * <dialog> docked to the right (focus stays inside, Esc closes), so the map stays in view beside the report.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import { ApiError, sendJson } from '../../api/client.ts';
import type { TextEncoding } from '../../../core/text-encodings.ts';
import { confirmBody, NO_CONFIRMATIONS, pendingConfirmations, toggled, type Confirmations } from './confirmations.ts';
import { DefaultFields, type ImportDefaults } from './default-fields.tsx';
import { EncodingChoice } from './encoding-choice.tsx';
import { FileDrop } from './file-drop.tsx';
import { PreviewTable } from './preview-table.tsx';
import { ReadingChoicesPanel, type ReadingChoices } from './reading-choices.tsx';
import { fitImportItems, highlightImportItem, removeImportPreview, showImportPreview } from './preview-layer.ts';
import type { ImportPreview, ImportResult, PreviewItem } from './types.ts';
import { uploadForPreview } from './upload.ts';
import { UploadProgress } from './upload-progress.tsx';
import './import.css';

type Phase = { kind: 'choose' } | { kind: 'sending'; fraction: number } | { kind: 'reading' } | { kind: 'preview' } | { kind: 'committing' } | { kind: 'done'; result: ImportResult };

interface ImportDialogProps {
  map: MapLibreMap | null;
  campaignId: number;
  onImported: (result: ImportResult) => void;
  onClose: () => void;
}

export function ImportDialog({ map, campaignId, onImported, onClose }: ImportDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const upload = useRef<AbortController | null>(null);
  const [defaults, setDefaults] = useState<ImportDefaults>({ category: 'approved_not_expropriated', status: 'registered' });
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'choose' });
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [chosen, setChosen] = useState<Set<number>>(new Set());
  const [confirm, setConfirm] = useState<Confirmations>(NO_CONFIRMATIONS);
  const [active, setActive] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [encoding, setEncoding] = useState<TextEncoding | ''>('');
  const [reading, setReading] = useState<ReadingChoices>({});

  useEffect(() => {
    dialog.current?.showModal();
    return () => upload.current?.abort();
  }, []);

  // The report's parcels on the map while it is open; gone with the dialog or once imported.
  const drawn = phase.kind === 'done' ? null : preview;
  useEffect(() => {
    if (!map || !drawn) return;
    showImportPreview(map, drawn.items);
    fitImportItems(map, drawn.items, coveredFrom(dialog.current));
    return () => removeImportPreview(map);
  }, [map, drawn]);

  useEffect(() => {
    if (map) highlightImportItem(map, active);
  }, [map, active, drawn]);

  const busy = phase.kind === 'sending' || phase.kind === 'reading' || phase.kind === 'committing';

  const send = async (choices: ReadingChoices = {}, chosenEncoding: TextEncoding | '' = '') => {
    if (!file) {
      setError('请先选择要导入的文件');
      return;
    }
    const form = new FormData();
    form.set('file', file);
    form.set('campaignId', String(campaignId));
    form.set('category', defaults.category);
    form.set('status', defaults.status);
    if (chosenEncoding) form.set('encoding', chosenEncoding);
    setEncoding(chosenEncoding);
    if (choices.zone) {
      form.set('zone', String(choices.zone.zone));
      form.set('zoneWidth', String(choices.zone.width));
    }
    if (choices.sourceCrs) form.set('sourceCrs', choices.sourceCrs);
    for (const layer of choices.layers ?? []) form.append('layers', layer);
    setReading(choices);
    const controller = new AbortController();
    upload.current = controller;
    setError(null);
    setPreview(null);
    setPhase({ kind: 'sending', fraction: 0 });
    try {
      const answer = await uploadForPreview(
        form,
        { onProgress: (fraction) => setPhase({ kind: 'sending', fraction }), onSent: () => setPhase({ kind: 'reading' }) },
        controller.signal,
      );
      setPreview(answer);
      setChosen(new Set(answer.items.filter((i) => i.valid).map((i) => i.index)));
      setConfirm(NO_CONFIRMATIONS);
      setActive(null);
      setPhase({ kind: 'preview' });
    } catch (e) {
      if (controller.signal.aborted) return;
      setError(messageOf(e));
      setPhase({ kind: 'choose' });
    }
  };

  const commit = async () => {
    if (!preview || !chosen.size) return;
    setError(null);
    setPhase({ kind: 'committing' });
    try {
      const indexes = preview.items.filter((i) => chosen.has(i.index)).map((i) => i.index);
      const result = (await sendJson<ImportResult>('POST', '/api/imports/commit', { importId: preview.importId, indexes, confirm: confirmBody(confirm, chosen) }))!;
      setPhase({ kind: 'done', result });
      onImported(result);
    } catch (e) {
      // 400 (an invalid choice) or 409 (a parcel changed since the preview): the report stays, with the reason.
      setError(messageOf(e));
      setPhase({ kind: 'preview' });
    }
  };

  const locate = (item: PreviewItem) => {
    setActive(item.index);
    if (map) fitImportItems(map, [item], coveredFrom(dialog.current), 17);
  };

  const restart = () => {
    setPreview(null);
    setFile(null);
    setEncoding('');
    setError(null);
    setReading({});
    setPhase({ kind: 'choose' });
  };

  const reviewing = preview !== null && (phase.kind === 'preview' || phase.kind === 'committing');
  const pending = preview ? pendingConfirmations(preview.items, chosen, confirm, preview.overlapThresholdMu) : [];
  return (
    <dialog
      ref={dialog}
      className={`import-dialog ${reviewing ? 'import-dialog--wide' : ''}`}
      aria-labelledby="import-title"
      data-testid="import-dialog"
      onClose={onClose}
      onCancel={(event) => {
        if (phase.kind === 'committing') event.preventDefault();
      }}
      // Esc belongs to this dialog: it must not also close the parcel or a panel behind it.
      onKeyDown={(event) => {
        if (event.key === 'Escape') event.stopPropagation();
      }}
    >
      <header className="import-dialog__header">
        <h2 id="import-title">导入地块</h2>
        {preview && <span className="import-dialog__file">{preview.file} · {preview.format}</span>}
        <button type="button" className="icon-button" aria-label="关闭" disabled={phase.kind === 'committing'} onClick={() => dialog.current?.close()}>
          ×
        </button>
      </header>

      <div className="import-dialog__body">
        {phase.kind === 'done' ? (
          <Done result={phase.result} />
        ) : reviewing ? (
          <>
            <Summary preview={preview} chosen={chosen.size} />
            {preview.encoding && (
              <EncodingChoice
                used={preview.encoding}
                chosen={encoding}
                disabled={busy}
                onChoose={(next) => {
                  setEncoding(next);
                  void send(reading, next);
                }}
              />
            )}
            {preview.coordinates && (
              <ReadingChoicesPanel
                key={preview.importId}
                report={preview.coordinates}
                disabled={busy}
                onChange={(choice) => void send({ ...reading, ...choice }, encoding)}
              />
            )}
            {fileWarnings(preview).length > 0 && (
              <ul className="import-warnings">
                {fileWarnings(preview).map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            )}
            {pending.length > 0 && (
              <p className="import-pending" role="status" data-testid="import-pending">
                还有 {pending.length} 项须确认后才能导入：请在下方勾选确认，或取消选择这些地块。
              </p>
            )}
            <PreviewTable
              items={preview.items}
              chosen={chosen}
              onChosenChange={setChosen}
              active={active}
              onPoint={setActive}
              onLocate={locate}
              confirm={confirm}
              onConfirm={(kind, index, on) => setConfirm((c) => toggled(c, kind, index, on))}
              thresholdMu={preview.overlapThresholdMu}
            />
          </>
        ) : (
          <>
            <DefaultFields value={defaults} disabled={busy} onChange={setDefaults} />
            <FileDrop file={file} disabled={busy} onFile={(f) => { setFile(f); setEncoding(''); setError(null); }} />
            {phase.kind === 'sending' && <UploadProgress fraction={phase.fraction} reading={false} />}
            {phase.kind === 'reading' && <UploadProgress fraction={1} reading />}
          </>
        )}
        {error && (
          <p className="error-box" role="alert">
            {error}
          </p>
        )}
      </div>

      <footer className="import-dialog__actions">
        {phase.kind === 'done' ? (
          <button type="button" className="button" autoFocus onClick={() => dialog.current?.close()}>
            完成
          </button>
        ) : reviewing ? (
          <>
            <button type="button" className="button button--quiet" disabled={busy} onClick={restart}>
              重新选择文件
            </button>
            <span className="import-dialog__spacer" />
            <button type="button" className="button button--quiet" disabled={busy} onClick={() => dialog.current?.close()}>
              取消
            </button>
            <button type="button" className="button" disabled={busy || !chosen.size || pending.length > 0} title={pending.join('\n') || undefined} onClick={() => void commit()}>
              {phase.kind === 'committing' ? '正在导入…' : `导入所选 (${chosen.size})`}
            </button>
          </>
        ) : (
          <>
            <span className="import-dialog__spacer" />
            <button type="button" className="button button--quiet" onClick={() => dialog.current?.close()}>
              取消
            </button>
            <button type="button" className="button" disabled={busy || !file} onClick={() => void send({})}>
              上传并预览
            </button>
          </>
        )}
      </footer>
    </dialog>
  );
}

function Summary({ preview, chosen }: { preview: ImportPreview; chosen: number }) {
  const { total, valid, create, update } = preview.summary;
  return (
    <p className="import-summary" data-testid="import-summary">
      <span>共 <strong>{total}</strong> 块</span>
      <span className="import-summary__ok">可导入 <strong>{valid}</strong> 块（新建 {create}，更新 {update}）</span>
      {total - valid > 0 && <span className="import-summary__bad">有错误 <strong>{total - valid}</strong> 块</span>}
      <span>已选 <strong>{chosen}</strong> 块</span>
    </p>
  );
}

function Done({ result }: { result: ImportResult }) {
  const { created, updated } = result;
  return (
    <div className="import-done" role="status" data-testid="import-done">
      <p className="import-done__title">✓ 已导入 {created.length + updated.length} 个地块</p>
      <p>
        新建 {created.length} 块，更新 {updated.length} 块。地图已刷新，可在地图上点击地块查看台账。
      </p>
    </div>
  );
}

/** The file's warnings, without the zone sentence the reading choices already show. */
function fileWarnings(preview: ImportPreview): string[] {
  return preview.warnings.filter((w) => w !== preview.coordinates?.zone?.note);
}

function messageOf(error: unknown): string {
  return error instanceof ApiError ? error.message : '导入失败，请稍后重试';
}

/** The left edge of the docked dialog: the map right of it is hidden. */
function coveredFrom(dialog: HTMLDialogElement | null): number {
  if (!dialog || window.matchMedia('(max-width: 820px)').matches) return window.innerWidth;
  return dialog.getBoundingClientRect().left;
}
