/**
 * Sending the file for preview through XMLHttpRequest, which (unlike fetch) reports upload progress. Errors are
 * ApiErrors carrying the server's Chinese message, as from the rest of the API client.
 */
import { ApiError, currentCsrfToken, errorOf } from '../../api/client.ts';
import type { ImportPreview } from './types.ts';

export interface UploadCallbacks {
  /** Share of the file sent, 0–1. */
  onProgress: (fraction: number) => void;
  /** The whole file is sent; the server is reading it. */
  onSent: () => void;
}

export function uploadForPreview(form: FormData, callbacks: UploadCallbacks, signal: AbortSignal): Promise<ImportPreview> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/imports/preview');
    const token = currentCsrfToken();
    if (token) xhr.setRequestHeader('X-CSRF-Token', token);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) callbacks.onProgress(event.loaded / event.total);
    };
    xhr.upload.onload = () => callbacks.onSent();
    xhr.onload = () => {
      const body: unknown = xhr.response;
      if (xhr.status >= 200 && xhr.status < 300 && body) resolve(body as ImportPreview);
      else if (xhr.status === 413 && !body) reject(new ApiError('文件过大，上限为 50 MB', 'too_large', 413));
      else reject(errorOf(xhr.status, body));
    };
    xhr.onerror = () => reject(new ApiError('无法连接服务器，请检查网络或稍后重试', 'network', 0));
    xhr.onabort = () => reject(new DOMException('已取消', 'AbortError'));
    signal.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}
