import { unzipSync, type UnzipFileInfo } from 'fflate';
import { FILE_LIMITS, FileRefusal, megabytes } from './limits.ts';

/** The uploads that are zips, by extension, as messages name them. */
export const ZIP_FILES = { zip: 'Shapefile 压缩包（.zip）', kmz: 'KMZ 压缩包', xlsx: 'Excel 文件（.xlsx）' } as const;

/** How messages name a file that is a zip, or null when its extension says it is not one. */
export const zipKindOf = (fileName: string): string | null => {
  const extension = fileName.toLowerCase().split('.').pop() ?? '';
  return Object.hasOwn(ZIP_FILES, extension) ? ZIP_FILES[extension as keyof typeof ZIP_FILES] : null;
};

/** What a zip's central directory says, read without inflating anything. */
function centralDirectory(bytes: Uint8Array, what: string): UnzipFileInfo[] {
  const members: UnzipFileInfo[] = [];
  try {
    unzipSync(bytes, {
      filter: (info) => {
        members.push(info);
        if (members.length > FILE_LIMITS.zipMembers) {
          throw new FileRefusal(413, 'too_many_members', `${what}内的文件超过 ${FILE_LIMITS.zipMembers} 个上限`);
        }
        return false;
      },
    });
  } catch (error) {
    if (error instanceof FileRefusal) throw error;
    // fflate finds no end-of-central-directory record in a truncated or non-zip file: say so instead of guessing.
    throw new FileRefusal(422, 'not_a_zip', `不是有效的 ${what}：找不到 zip 目录（文件可能不完整或已损坏，请重新导出后上传）`);
  }
  return members;
}

/**
 * Refuses a zip whose members or expanded size break the limits; reads only its central directory. `what` names
 * the file in messages: "Shapefile 压缩包（.zip）", "Excel 文件（.xlsx）".
 */
export function checkZip(bytes: Uint8Array, what: string): UnzipFileInfo[] {
  const members = centralDirectory(bytes, what);
  const expanded = members.reduce((sum, m) => sum + m.originalSize, 0);
  if (expanded > FILE_LIMITS.expandedBytes) {
    throw new FileRefusal(413, 'too_large_expanded', `${what}解压后超过 ${megabytes(FILE_LIMITS.expandedBytes)} 上限（约 ${megabytes(expanded)}）`);
  }
  return members;
}

/**
 * The members of a zip that `wanted` picks, inflated, after `checkZip`. fflate inflates each member into a buffer
 * of its declared size, so a member that lies about its size cannot grow past what the limit allowed.
 */
export function unzipLimited(bytes: Uint8Array, what: string, wanted: (name: string) => boolean): Record<string, Uint8Array> {
  checkZip(bytes, what);
  try {
    return unzipSync(bytes, { filter: (info) => wanted(info.name) });
  } catch (error) {
    throw new FileRefusal(422, 'bad_zip', `${what}已损坏，无法解压：${(error as Error).message}`);
  }
}
