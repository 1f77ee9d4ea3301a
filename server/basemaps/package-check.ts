/**
 * Whether an uploaded file is a PMTiles archive the maps can draw, read with the `pmtiles` library (the same reader the
 * browser uses): its header, its root directory and its metadata, never the whole file. Each refusal says why in
 * Chinese; nothing is refused for its tiles' content, which only the map can judge.
 */
import { open } from 'node:fs/promises';
import { Compression, PMTiles, TileType, type Header } from 'pmtiles';
import type { PackageTileType } from '../../core/basemaps/view.ts';
import { NodeFileSource } from './file-source.ts';

export interface PackageFacts {
  tileType: PackageTileType;
  bounds: [number, number, number, number];
  minZoom: number;
  maxZoom: number;
  vectorLayers: string[];
  tiles: number;
}

const HEADER_BYTES = 127;
const MAGIC = 'PMTiles';
const SQLITE_MAGIC = 'SQLite format 3\u0000';
const DRAWABLE: Partial<Record<TileType, PackageTileType>> = { [TileType.Mvt]: 'mvt', [TileType.Png]: 'png', [TileType.Jpeg]: 'jpeg', [TileType.Webp]: 'webp' };
/** What the browser's DecompressionStream (and the library's fflate fallback) can undo. */
const READABLE_COMPRESSION = [Compression.None, Compression.Gzip, Compression.Unknown];

const ascii = (bytes: Uint8Array) => String.fromCharCode(...bytes);

/** The sections the header names must lie inside the file: a truncated upload is caught here. */
function sectionsInside(header: Header, size: number): string | null {
  const sections: Array<[string, number, number | undefined]> = [
    ['根目录', header.rootDirectoryOffset, header.rootDirectoryLength],
    ['元数据', header.jsonMetadataOffset, header.jsonMetadataLength],
    ['叶目录', header.leafDirectoryOffset, header.leafDirectoryLength],
    ['瓦片数据', header.tileDataOffset, header.tileDataLength],
  ];
  for (const [name, offset, length] of sections) {
    if (offset + (length ?? 0) > size) return `文件头所述的${name}（第 ${offset} 字节起 ${length ?? 0} 字节）超出文件长度 ${size} 字节：文件不完整（上传中断？）`;
  }
  return null;
}

function boundsProblem(h: Header): string | null {
  const ok = h.minLon >= -180 && h.maxLon <= 180 && h.minLat >= -90 && h.maxLat <= 90 && h.minLon < h.maxLon && h.minLat < h.maxLat;
  return ok ? null : `文件头的范围无效（${h.minLon}, ${h.minLat} – ${h.maxLon}, ${h.maxLat}）`;
}

/** Reads the archive at `path` (`size` bytes): its facts, or why it is refused. */
export async function checkPackage(path: string, size: number): Promise<{ ok: true; facts: PackageFacts } | { ok: false; message: string }> {
  const file = await open(path, 'r');
  try {
    const start = new Uint8Array(Math.min(size, 16));
    await file.read(start, 0, start.length, 0);
    if (ascii(start.subarray(0, SQLITE_MAGIC.length)) === SQLITE_MAGIC) {
      return { ok: false, message: '这是 MBTiles（SQLite）文件，不是 PMTiles。请先转换：pmtiles convert 输入.mbtiles 输出.pmtiles' };
    }
    if (size < HEADER_BYTES || ascii(start.subarray(0, MAGIC.length)) !== MAGIC) return { ok: false, message: '不是 PMTiles 文件：文件头没有 “PMTiles” 标记' };
    const version = start[7];
    if (version !== 3) return { ok: false, message: `PMTiles 版本 ${version} 不受支持，仅支持第 3 版（可用 pmtiles convert 升级）` };
    const archive = new PMTiles(new NodeFileSource(file, path, size));
    let header: Header;
    try {
      header = await archive.getHeader();
    } catch (error) {
      return { ok: false, message: `PMTiles 文件头或根目录无法读取：${error instanceof Error ? error.message : String(error)}` };
    }
    const problem = sectionsInside(header, size) ?? boundsProblem(header);
    if (problem) return { ok: false, message: problem };
    const tileType = DRAWABLE[header.tileType];
    if (!tileType) return { ok: false, message: `瓦片类型（${TileType[header.tileType] ?? header.tileType}）无法在地图上绘制，仅支持 PNG、JPEG、WebP 影像或 MVT 矢量瓦片` };
    if (!READABLE_COMPRESSION.includes(header.internalCompression) || !READABLE_COMPRESSION.includes(header.tileCompression)) {
      return { ok: false, message: `压缩方式（${Compression[header.internalCompression]} / ${Compression[header.tileCompression]}）浏览器无法解压，请用 gzip 或不压缩` };
    }
    if (header.numAddressedTiles === 0) return { ok: false, message: 'PMTiles 文件中没有瓦片' };
    if (header.minZoom > header.maxZoom || header.maxZoom > 24) return { ok: false, message: `级别范围无效（${header.minZoom}–${header.maxZoom}）` };
    let metadata: unknown;
    try {
      metadata = await archive.getMetadata();
    } catch (error) {
      return { ok: false, message: `PMTiles 元数据无法读取：${error instanceof Error ? error.message : String(error)}` };
    }
    const layers = (metadata as { vector_layers?: unknown } | null)?.vector_layers;
    const vectorLayers = Array.isArray(layers) ? layers.flatMap((l: { id?: unknown }) => (typeof l?.id === 'string' ? [l.id.slice(0, 100)] : [])).slice(0, 100) : [];
    if (tileType === 'mvt' && vectorLayers.length === 0) return { ok: false, message: '矢量 PMTiles 的元数据未列出图层（vector_layers），无法绘制' };
    return {
      ok: true,
      facts: {
        tileType,
        bounds: [header.minLon, header.minLat, header.maxLon, header.maxLat],
        minZoom: header.minZoom,
        maxZoom: header.maxZoom,
        vectorLayers,
        tiles: header.numAddressedTiles,
      },
    };
  } finally {
    await file.close();
  }
}
