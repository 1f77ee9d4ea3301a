/**
 * Packs tiles into a PMTiles v3 archive, for tests only: Panhuo never writes PMTiles, and no writer is installed (the
 * `pmtiles` npm package only reads; the go-pmtiles CLI is not on these machines). Written by hand from the spec
 * (github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md): a 127-byte header, one uncompressed root directory (enough
 * for the few hundred tiles of a test), JSON metadata, then the tiles in tile-id order. The tests trust it only
 * because the `pmtiles` library's reader reads every tile back equal to the bytes GDAL made (see basemaps tests).
 */
import { zxyToTileId } from 'pmtiles';

export interface TileBytes {
  z: number;
  x: number;
  y: number;
  data: Uint8Array;
}

export type WriterTileType = 'mvt' | 'png' | 'jpeg' | 'webp';
const TILE_TYPE: Record<WriterTileType, number> = { mvt: 1, png: 2, jpeg: 3, webp: 4 };
const HEADER_BYTES = 127;

function varint(out: number[], value: number): void {
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

function lonLatE7(view: DataView, offset: number, lon: number, lat: number): void {
  view.setInt32(offset, Math.round(lon * 1e7), true);
  view.setInt32(offset + 4, Math.round(lat * 1e7), true);
}

/** Lon/lat of a tile's north-west corner (Web Mercator). */
function corner(z: number, x: number, y: number): [number, number] {
  const n = Math.PI - (2 * Math.PI * y) / 2 ** z;
  return [(x / 2 ** z) * 360 - 180, (180 / Math.PI) * Math.atan(Math.sinh(n))];
}

export function writePmtiles(tiles: TileBytes[], tileType: WriterTileType, metadata: Record<string, unknown> = {}): Uint8Array {
  const entries = tiles.map((t) => ({ ...t, id: zxyToTileId(t.z, t.x, t.y) })).sort((a, b) => a.id - b.id);
  const directory: number[] = [];
  varint(directory, entries.length);
  entries.forEach((e, i) => varint(directory, e.id - (i ? entries[i - 1]!.id : 0)));
  entries.forEach(() => varint(directory, 1));
  entries.forEach((e) => varint(directory, e.data.length));
  // Offsets: 0 means "right after the previous tile", which every tile here is (contiguous, in order).
  let offset = 0;
  entries.forEach((e, i) => {
    varint(directory, i === 0 ? offset + 1 : 0);
    offset += e.data.length;
  });
  const meta = new TextEncoder().encode(JSON.stringify(metadata));
  const rootOffset = HEADER_BYTES;
  const metaOffset = rootOffset + directory.length;
  const dataOffset = metaOffset + meta.length;
  const total = dataOffset + offset;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode('PMTiles'), 0);
  out[7] = 3;
  const u64 = (at: number, value: number) => view.setBigUint64(at, BigInt(value), true);
  u64(8, rootOffset);
  u64(16, directory.length);
  u64(24, metaOffset);
  u64(32, meta.length);
  u64(40, dataOffset);
  u64(48, 0);
  u64(56, dataOffset);
  u64(64, offset);
  u64(72, entries.length);
  u64(80, entries.length);
  u64(88, entries.length);
  out[96] = 1; // clustered: tiles in tile-id order
  out[97] = 1; // internal compression: none
  out[98] = 1; // tile compression: none
  out[99] = TILE_TYPE[tileType];
  const zooms = entries.map((e) => e.z);
  out[100] = Math.min(...zooms);
  out[101] = Math.max(...zooms);
  // The area: that of the deepest zoom's tiles, the closest fit the tiles give.
  const top = entries.filter((e) => e.z === out[101]);
  const west = Math.min(...top.map((e) => corner(e.z, e.x, e.y)[0]));
  const north = Math.max(...top.map((e) => corner(e.z, e.x, e.y)[1]));
  const east = Math.max(...top.map((e) => corner(e.z, e.x + 1, e.y + 1)[0]));
  const south = Math.min(...top.map((e) => corner(e.z, e.x + 1, e.y + 1)[1]));
  lonLatE7(view, 102, west, south);
  lonLatE7(view, 110, east, north);
  out[118] = out[100]!;
  lonLatE7(view, 119, (west + east) / 2, (south + north) / 2);
  out.set(directory, rootOffset);
  out.set(meta, metaOffset);
  let at = dataOffset;
  for (const e of entries) {
    out.set(e.data, at);
    at += e.data.length;
  }
  return out;
}
