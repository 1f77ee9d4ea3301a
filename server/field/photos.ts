import type { PhotoCapture } from '../../core/photo-capture.ts';
import { readPhotoExif } from '../../core/photo-exif.ts';
import { MAX_PHOTO_BYTES, MAX_PHOTOS, sniffPhotoType, type FieldCheckProblem, type PhotoType } from '../../core/field-check.ts';

/** A photo as received, checked, with what its EXIF says. */
export interface ReceivedPhoto {
  mime: PhotoType;
  content: Uint8Array;
  takenAt: string | null;
  position: { lon: number; lat: number } | null;
  /** The phone's clock, position and heading when it was added (core/photo-capture.ts). */
  capture: PhotoCapture | null;
}

/**
 * Checks the uploaded photos (how many, how large, and that their bytes are a JPEG, PNG or WebP image whatever
 * type they claim) and reads their EXIF. Returns the photos, or the problems in Chinese.
 */
export async function receivePhotos(files: File[], captures: readonly (PhotoCapture | null)[]): Promise<{ photos: ReceivedPhoto[]; problems: FieldCheckProblem[] }> {
  const problems: FieldCheckProblem[] = [];
  if (files.length > MAX_PHOTOS) {
    return { photos: [], problems: [{ field: 'photos', message: `每条核查记录最多 ${MAX_PHOTOS} 张照片，收到 ${files.length} 张` }] };
  }
  const photos: ReceivedPhoto[] = [];
  for (const [i, file] of files.entries()) {
    const name = `第 ${i + 1} 张照片${file.name ? `（${file.name.slice(0, 60)}）` : ''}`;
    if (file.size === 0) {
      problems.push({ field: 'photos', message: `${name}是空文件` });
      continue;
    }
    if (file.size > MAX_PHOTO_BYTES) {
      problems.push({ field: 'photos', message: `${name}超过 ${MAX_PHOTO_BYTES / 1024 / 1024} MB（${(file.size / 1024 / 1024).toFixed(1)} MB）` });
      continue;
    }
    const content = new Uint8Array(await file.arrayBuffer());
    const mime = sniffPhotoType(content);
    if (!mime) {
      problems.push({ field: 'photos', message: `${name}不是 JPEG、PNG 或 WebP 图片` });
      continue;
    }
    photos.push({ mime, content, ...(await readPhotoExif(content)), capture: captures[i] ?? null });
  }
  return { photos, problems };
}
