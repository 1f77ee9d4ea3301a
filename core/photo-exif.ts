/**
 * When and where a photo was taken, from its EXIF: one reading for the phone (shown at once, so the person sees
 * whether the photo belongs to this parcel) and the server (which keeps it), so the two never disagree.
 */
import exifr from 'exifr';
import { exifPosition, exifTakenAt } from './field-check.ts';

export interface PhotoExif {
  /** ISO datetime (UTC), or null when the photo carries no time. */
  takenAt: string | null;
  position: { lon: number; lat: number } | null;
}

/** Nothing when the photo has no EXIF or it cannot be read: never an error. */
export async function readPhotoExif(content: Uint8Array | Blob): Promise<PhotoExif> {
  try {
    // Raw values: exifr would otherwise turn DateTimeOriginal into a Date in the reader's own time zone.
    const tags = await exifr.parse(content, {
      reviveValues: false, translateValues: false,
      exif: true, gps: true, ifd1: false, interop: false, xmp: false, icc: false, iptc: false, jfif: false, ihdr: false,
    });
    if (!tags) return { takenAt: null, position: null };
    return { takenAt: exifTakenAt(tags), position: exifPosition(tags.latitude, tags.longitude) };
  } catch {
    return { takenAt: null, position: null };
  }
}
