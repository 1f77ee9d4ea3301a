import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Backup files are named by the time they were taken (UTC): panhuo-20261203T105600Z.tar.gz for the embedded
 * database (PGlite's data directory, gzip tarball), panhuo-20261203T105600Z.dump for PostgreSQL (pg_dump custom
 * format). Only files named so are ever listed or pruned: nothing else in the directory is touched.
 */
const NAME = /^panhuo-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z\.(tar\.gz|dump)$/;

export type BackupKind = 'embedded' | 'postgres';

export interface BackupFile {
  name: string;
  path: string;
  kind: BackupKind;
  takenAt: Date;
  bytes: number;
}

export function backupName(kind: BackupKind, at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
  return `panhuo-${stamp}.${kind === 'embedded' ? 'tar.gz' : 'dump'}`;
}

/** When the backup `name` was taken, or null for a file that is not one of ours. */
export function takenAt(name: string): Date | null {
  const m = NAME.exec(name);
  return m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)) : null;
}

export function kindOf(path: string): BackupKind | null {
  if (/\.tar(\.gz)?$/.test(path)) return 'embedded';
  if (/\.dump$/.test(path)) return 'postgres';
  return null;
}

/** The backups in `dir`, newest first (none when it does not exist yet). */
export async function listBackups(dir: string): Promise<BackupFile[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const files: BackupFile[] = [];
  for (const name of names) {
    const at = takenAt(name);
    if (!at) continue;
    const path = join(dir, name);
    files.push({ name, path, kind: kindOf(name)!, takenAt: at, bytes: (await stat(path)).size });
  }
  return files.sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime());
}

/** Of `files` (newest first), those older than `days` days at `now`; the newest one is always kept. */
export function expired<T extends { takenAt: Date }>(files: T[], now: Date, days: number): T[] {
  const cutoff = now.getTime() - days * 86_400_000;
  return files.slice(1).filter((f) => f.takenAt.getTime() < cutoff);
}

export async function prune(dir: string, now: Date, days: number): Promise<string[]> {
  const old = expired(await listBackups(dir), now, days);
  for (const f of old) await rm(f.path, { force: true });
  return old.map((f) => f.name);
}

/**
 * Writes a backup under its final name only once it is whole: written beside it first, then renamed (atomic on one
 * file system), so a backup cut off by a crash never looks like a good one.
 */
export async function writeBackup(dir: string, name: string, write: (partPath: string) => Promise<void>): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  const part = `${path}.part`;
  try {
    await write(part);
    await rename(part, path);
  } catch (error) {
    await rm(part, { force: true });
    throw error;
  }
  return path;
}

export const writeBlob = (blob: Blob) => async (path: string) => writeFile(path, Buffer.from(await blob.arrayBuffer()));
