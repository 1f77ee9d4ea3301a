import { ApiError, errorOf } from './client.ts';

/** The file name a Content-Disposition gives (its UTF-8 `filename*` first), or the fallback. */
function fileNameOf(disposition: string | null, fallback: string): string {
  const utf8 = disposition && /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  if (utf8) return decodeURIComponent(utf8);
  return (disposition && /filename="([^"]+)"/i.exec(disposition)?.[1]) || fallback;
}

/**
 * Fetches a file the server makes (a PDF that takes seconds to print) and hands it to the browser as a download, so
 * that the page can say it is working and show the server's Chinese message when it refuses.
 */
export async function download(url: string, fallbackName: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin' });
  } catch {
    throw new ApiError('无法连接服务器，请检查网络或稍后重试', 'network', 0);
  }
  if (!response.ok) throw errorOf(response.status, await response.json().catch(() => null));
  const blob = await response.blob();
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = fileNameOf(response.headers.get('content-disposition'), fallbackName);
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: the download has to start reading the blob first.
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}
