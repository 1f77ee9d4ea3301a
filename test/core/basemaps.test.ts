import { describe, expect, it } from 'vitest';
import { parseRange } from '../../core/basemaps/byte-range.ts';
import { parseBaseLayerInput } from '../../core/basemaps/layer-input.ts';
import { layerView, resolveDefault, tiandituView } from '../../core/basemaps/view.ts';

describe('parseRange', () => {
  it('reads one range, clamps its end to the file, and says why it cannot serve the others', () => {
    expect(parseRange(undefined, 100)).toEqual({ kind: 'whole' });
    expect(parseRange('bytes=0-9', 100)).toEqual({ kind: 'part', start: 0, end: 9 });
    expect(parseRange('bytes=90-', 100)).toEqual({ kind: 'part', start: 90, end: 99 });
    expect(parseRange('bytes=-10', 100)).toEqual({ kind: 'part', start: 90, end: 99 });
    expect(parseRange('bytes=-500', 100)).toEqual({ kind: 'part', start: 0, end: 99 });
    expect(parseRange('bytes=0-16383', 100)).toEqual({ kind: 'part', start: 0, end: 99 });
    for (const [header, words] of [
      ['bytes=100-', '超出文件长度 100 字节'],
      ['bytes=9-3', '小于起始字节'],
      ['bytes=0-1,3-4', '一个字节范围'],
      ['bytes=-0', '为 0'],
      ['items=0-1', '无法识别'],
      ['bytes=-', '未给出'],
    ] as const) {
      const r = parseRange(header, 100);
      expect(r.kind, header).toBe('unsatisfiable');
      expect(r.kind === 'unsatisfiable' && r.why, header).toContain(words);
    }
  });
});

describe('base layer input', () => {
  const xyz = { kind: 'xyz', name: '影像', attribution: '© 局', url: 'https://a.example/{z}/{x}/{y}.png' };

  it('accepts Web Mercator by any of its names and keeps it as EPSG:3857', () => {
    for (const crs of ['EPSG:3857', '3857', 'EPSG:900913', 'GoogleMapsCompatible', 'web mercator']) {
      const parsed = parseBaseLayerInput({ ...xyz, crs });
      expect(parsed.ok && parsed.value.kind === 'xyz' && parsed.value.crs, crs).toBe('EPSG:3857');
    }
  });

  it('refuses geographic and Gauss–Krüger grids by the field crs, saying what to use instead', () => {
    for (const crs of ['EPSG:4490', 'EPSG:4326', 'EPSG:4526', 'CGCS2000']) {
      const parsed = parseBaseLayerInput({ ...xyz, crs });
      expect(parsed.ok, crs).toBe(false);
      if (!parsed.ok) {
        expect(parsed.problems.map((p) => p.field)).toEqual(['crs']);
        expect(parsed.problems[0]!.message).toContain('Web 墨卡托（EPSG:3857）');
      }
    }
  });

  it('reports every problem at once, each by its field', () => {
    const parsed = parseBaseLayerInput({ kind: 'xyz', name: '', url: 'javascript:alert(1)', maxZoom: -1, tileSize: 300 });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.map((p) => p.field).sort()).toEqual(['attribution', 'maxZoom', 'name', 'tileSize', 'url']);
  });

  it('turns a WMTS REST template into the address MapLibre fills', () => {
    const parsed = parseBaseLayerInput({ ...xyz, kind: 'wmts', url: 'https://a.example/wmts/img/default/GoogleMapsCompatible/{TileMatrix}/{TileRow}/{TileCol}.jpg' });
    expect(parsed.ok).toBe(true);
    if (parsed.ok && parsed.value.kind === 'wmts') {
      expect(layerView({ id: 7, ...parsed.value }).rasters).toEqual([['https://a.example/wmts/img/default/GoogleMapsCompatible/{z}/{y}/{x}.jpg']]);
    }
  });
});

describe('the default base layer', () => {
  const env = [tiandituView('env-vec', 'k'.repeat(32), 'vec', 'environment'), tiandituView('env-img', 'k'.repeat(32), 'img', 'environment')];
  const admin = layerView({ id: 3, kind: 'xyz', name: '影像', attribution: '© 局', url: 'https://a.example/{z}/{x}/{y}.png', minZoom: 0, maxZoom: 18, tileSize: 256, crs: 'EPSG:3857' });

  it('is the admin’s choice; none when chosen so; else 天地图矢量 from TIANDITU_KEY as before; else none', () => {
    expect(resolveDefault('3', [admin, ...env])).toBe('3');
    expect(resolveDefault('none', [admin, ...env])).toBeNull();
    expect(resolveDefault(null, [admin, ...env])).toBe('env-vec');
    // A chosen layer since deleted: as if nothing were chosen.
    expect(resolveDefault('9', [admin, ...env])).toBe('env-vec');
    expect(resolveDefault(null, [admin])).toBeNull();
  });
});
