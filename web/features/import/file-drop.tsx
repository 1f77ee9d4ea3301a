/** Where the boundary file is given: dropped on the zone, or picked with the file chooser. */
import { useRef, useState, type DragEvent } from 'react';

export const ACCEPTED = '.txt,.geojson,.json,.zip,.kml,.xlsx,.csv,.dxf';
const KINDS = ['界址点坐标文件（.txt，支持 GBK；多个分带文件可打包为 .zip）', 'GeoJSON（.geojson / .json）', 'Shapefile（.zip 压缩包）', 'KML（.kml）', 'CAD 图（.dxf）', 'Excel 台账或坐标表（.xlsx）', '坐标表（.csv）'];

export function FileDrop({ file, disabled, onFile }: { file: File | null; disabled: boolean; onFile: (file: File) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);

  const drop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped && !disabled) onFile(dropped);
  };

  return (
    <div
      className={`file-drop ${over ? 'file-drop--over' : ''}`}
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
    >
      <input
        ref={input}
        id="import-file"
        type="file"
        accept={ACCEPTED}
        className="visually-hidden"
        disabled={disabled}
        onChange={(event) => {
          const picked = event.target.files?.[0];
          if (picked) onFile(picked);
          event.target.value = '';
        }}
      />
      <p className="file-drop__lead">
        将文件拖放到此处，或
        <button type="button" className="button button--small button--quiet" disabled={disabled} onClick={() => input.current?.click()}>
          选择文件…
        </button>
      </p>
      {file ? (
        <p className="file-drop__file" data-testid="import-file-name">
          已选择：<strong>{file.name}</strong>（{sizeText(file.size)}）
        </p>
      ) : (
        <p className="hint">支持：{KINDS.join('、')}；单个文件不超过 50 MB。</p>
      )}
    </div>
  );
}

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} 字节`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
