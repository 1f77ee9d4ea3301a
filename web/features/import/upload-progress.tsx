/** How far the upload is; once the file is sent, the server reads it (读取中…) for as long as that takes. */
export function UploadProgress({ fraction, reading }: { fraction: number; reading: boolean }) {
  const percent = Math.round(fraction * 100);
  return (
    <div className="upload-progress" role="status">
      <div
        className={`upload-progress__bar ${reading ? 'upload-progress__bar--reading' : ''}`}
        role="progressbar"
        aria-label="上传进度"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={reading ? 100 : percent}
      >
        <span style={{ width: `${reading ? 100 : percent}%` }} />
      </div>
      <span className="upload-progress__text">{reading ? '读取中…（服务器正在解析文件并核对面积）' : `上传中… ${percent}%`}</span>
    </div>
  );
}
