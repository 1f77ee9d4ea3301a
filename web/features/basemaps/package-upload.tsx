/** Uploading an offline basemap package (PMTiles): the file is the request body, streamed to the server's disk. */
import { useState } from 'react';
import { BASE_LAYER_LIMITS } from '../../../core/basemaps/layer-input.ts';
import { currentCsrfToken, errorOf } from '../../api/client.ts';
import { FilePick } from '../campaign-setup/file-pick.tsx';
import { Field } from '../campaign-setup/step-definition.tsx';
import { formatBytes } from '../field/offline/download.ts';
import { FormFooter } from './form-footer.tsx';

export function PackageUpload(props: { limitBytes: number; onDone: () => void; onCancel: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [attribution, setAttribution] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const tooLarge = file !== null && file.size > props.limitBytes;

  const submit = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const query = new URLSearchParams({ name: name.trim(), attribution: attribution.trim(), fileName: file.name });
      const headers: Record<string, string> = { 'Content-Type': 'application/octet-stream' };
      const token = currentCsrfToken();
      if (token) headers['X-CSRF-Token'] = token;
      const response = await fetch(`/api/basemaps/packages?${query}`, { method: 'POST', body: file, headers, credentials: 'same-origin' });
      if (!response.ok) throw errorOf(response.status, await response.json().catch(() => null));
      props.onDone();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="setup-form basemap-form" data-testid="package-upload">
      <div className="setup-form__wide">
        <FilePick
          label="PMTiles 文件"
          accept=".pmtiles"
          hint={`影像（PNG/JPEG/WebP）或矢量（MVT）瓦片的 PMTiles v3 文件，不超过 ${formatBytes(props.limitBytes)}；MBTiles 请先用 pmtiles convert 转换`}
          file={file}
          onFile={setFile}
          disabled={busy}
          testId="package-file"
        />
      </div>
      <Field label="名称" error={undefined}>
        <input value={name} maxLength={BASE_LAYER_LIMITS.name} placeholder={file?.name.replace(/\.pmtiles$/i, '') ?? '如：全市 2023 年影像'} onChange={(e) => setName(e.target.value)} />
      </Field>
      <Field label="版权说明" error={undefined} wide>
        <input value={attribution} maxLength={BASE_LAYER_LIMITS.attribution} placeholder="影像 © 某某市自然资源和规划局" onChange={(e) => setAttribution(e.target.value)} />
      </Field>
      {tooLarge && <p className="error-box setup-form__wide">文件 {formatBytes(file.size)}，超过 {formatBytes(props.limitBytes)} 的上限</p>}
      {busy && <p className="setup-loading setup-form__wide">正在上传并检查 {file ? formatBytes(file.size) : ''}…</p>}
      <FormFooter error={error} busy={busy} onCancel={props.onCancel}>
        <button type="button" className="button" disabled={busy || !file || tooLarge} onClick={() => void submit()}>
          上传
        </button>
      </FormFooter>
    </div>
  );
}
