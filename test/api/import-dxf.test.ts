import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Position } from 'geojson';
import proj4 from 'proj4';
import { gaussKrugerProj } from '../../core/area/plane.ts';
import { gdalDir, type GdalDir } from '../support/gdal.ts';
import { previewUpload } from '../support/import-preview.ts';
import { geodesicAreaM2, worstVertex } from '../support/oracle.ts';
import { startTestServer } from '../support/server.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let gdal: GdalDir;
beforeAll(async () => {
  server = await startTestServer();
  gdal = await gdalDir();
});
afterAll(async () => {
  await server?.close();
  await gdal?.remove();
});

const MU_M2 = 10000 / 15;
const ring = (...points: Array<[number, number]>): Position[] => [...points, points[0]!];

/** Parcels in 驿城区 (Zhumadian, 3° zone 38): a pentagon, and a square with a hole. */
const PARCELS: Array<{ code: string; rings: Position[][] }> = [
  { code: 'DXF-A', rings: [ring([114.021, 32.981], [114.0235, 32.9808], [114.0241, 32.9827], [114.0222, 32.9839], [114.0205, 32.9826])] },
  { code: 'DXF-B', rings: [ring([114.03, 32.99], [114.033, 32.99], [114.033, 32.993], [114.03, 32.993]), ring([114.031, 32.991], [114.031, 32.992], [114.032, 32.992], [114.032, 32.991])] },
];
/** Where each code is written: inside its parcel (outside B's hole), and one stray text. */
const TEXTS: Array<[string, [number, number]]> = [['DXF-A', [114.0222, 32.9822]], ['DXF-B', [114.0305, 32.9915]], ['图例', [114.05, 33.0]]];

/** The GeoJSON that ogr2ogr turns into a drawing: polygons on layer 地块, texts as points on layer 注记. */
function drawingGeoJson(parcels = PARCELS): string {
  return JSON.stringify({
    type: 'FeatureCollection',
    features: [
      ...parcels.map((p) => ({ type: 'Feature', properties: { Layer: '地块', Text: null }, geometry: { type: 'Polygon', coordinates: p.rings } })),
      ...TEXTS.map(([text, at]) => ({ type: 'Feature', properties: { Layer: '注记', Text: text }, geometry: { type: 'Point', coordinates: at } })),
    ],
  });
}

/**
 * ogr2ogr writes polygons as HATCH; their boundaries (ST_Boundary) as LWPOLYLINE; a point whose OGR_STYLE is a LABEL
 * as MTEXT — so the drawing has texts without a template.
 */
const asText = `CASE WHEN Text IS NOT NULL THEN 'LABEL(f:"Arial",t:"' || Text || '")' END AS OGR_STYLE`;
async function dxf(name: string, srs: string, outline: 'hatch' | 'polyline', source = drawingGeoJson()): Promise<Uint8Array<ArrayBuffer>> {
  await gdal.write(`${name}.geojson`, source);
  const geometry = outline === 'polyline' ? 'CASE WHEN Text IS NULL THEN ST_Boundary(geometry) ELSE geometry END' : 'geometry';
  await gdal.ogr2ogr('-f', 'DXF', ...(srs ? ['-s_srs', 'EPSG:4490', '-t_srs', srs] : []), `${name}.dxf`, `${name}.geojson`, '-dialect', 'SQLITE', '-sql', `SELECT Layer, ${geometry} AS geometry, ${asText} FROM "${name}"`);
  return gdal.read(`${name}.dxf`);
}

function expectParcelsRead(items: any[], codes = PARCELS.map((p) => p.code)) {
  expect(items.map((i) => i.parcel.code)).toEqual(codes);
  for (const [i, parcel] of PARCELS.entries()) {
    const item = items[i];
    expect(item.errors).toEqual([]);
    const [polygon] = item.parcel.geometry.coordinates;
    expect(polygon).toHaveLength(parcel.rings.length);
    // PROJ (in ogr2ogr) projected, proj4 (ours) projected back: the vertices agree to the centimetre.
    expect(worstVertex(parcel.rings, polygon)).toBeLessThan(0.01);
    expect(item.areaMu.ellipsoidal * MU_M2).toBeCloseTo(geodesicAreaM2(parcel.rings), 0);
  }
}

describe('importing a CAD drawing (DXF) in Gauss–Krüger metres', () => {
  it('reads hatches with zone-prefixed eastings (EPSG:4526) in 3° zone 38, codes from the texts inside', async () => {
    const p = await previewUpload(server.url, 'admin', '宗地图.dxf', await dxf('prefixed', 'EPSG:4526', 'hatch'));
    expect(p.status).toBe(200);
    expect(p.body.format).toContain('DXF');
    expect(p.body.coordinates.zone).toMatchObject({ zone: 38, width: 3, source: 'prefix', swapped: false });
    expectParcelsRead(p.body.items);
    expect(p.body.warnings).toContain('1 个文字不在任何闭合图形内，未使用');
    expect(p.body.coordinates.layers).toEqual([
      { name: '地块', shapes: 2, texts: 0, selected: true },
      { name: '注记', shapes: 0, texts: 3, selected: true },
    ]);
  });

  it('infers the zone of eastings without prefix (EPSG:4547) from the campaign\'s units, and says so', async () => {
    const p = await previewUpload(server.url, 'admin', 'no-prefix.dxf', await dxf('plain', 'EPSG:4547', 'polyline'));
    expect(p.status).toBe(200);
    expect(p.body.items.map((i: any) => i.source)).toEqual(['第 1 个图形（地块 层）', '第 2 个图形（地块 层）', '第 3 个图形（地块 层）']);
    expect(p.body.coordinates.zone).toMatchObject({ zone: 38, width: 3, source: 'campaign' });
    expect(p.body.coordinates.zone.note).toContain('按单位范围推定为 3° 带第 38 带');
    // ST_Boundary turns B's hole into a polyline of its own: the outlines of a drawing are separate shapes.
    expect(p.body.items[0].parcel.code).toBe('DXF-A');
    expect(worstVertex(PARCELS[0]!.rings, p.body.items[0].parcel.geometry.coordinates[0])).toBeLessThan(0.01);
  });

  it('reads only the chosen layers, and in the chosen zone', async () => {
    const bytes = await dxf('choose', 'EPSG:4547', 'hatch');
    const onlyShapes = await previewUpload(server.url, 'admin', 'layers.dxf', bytes, { layers: '地块' });
    expect(onlyShapes.status).toBe(200);
    expect(onlyShapes.body.items.map((i: any) => i.parcel.code)).toEqual([undefined, undefined]);
    expect(onlyShapes.body.items[0].warnings).toContain('图形内没有文字，未得到地块编号');
    expect(onlyShapes.body.coordinates.layers.map((l: any) => [l.name, l.selected])).toEqual([['地块', true], ['注记', false]]);

    const zone37 = await previewUpload(server.url, 'admin', 'zone.dxf', bytes, { zone: '37', zoneWidth: '3' });
    expect(zone37.body.coordinates.zone).toMatchObject({ zone: 37, width: 3, source: 'chosen' });
    // Same metres, central meridian 111° instead of 114°: the drawing lands 3° of longitude further west.
    const [lon] = zone37.body.items[0].parcel.geometry.coordinates[0][0][0];
    expect(lon).toBeCloseTo(PARCELS[0]!.rings[0]![0]![0]! - 3, 1);

    const unknown = await previewUpload(server.url, 'admin', 'zone.dxf', bytes, { layers: '图框' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.message).toContain('图中没有图层“图框”');
    const badZone = await previewUpload(server.url, 'admin', 'zone.dxf', bytes, { zone: '12' });
    expect(badZone.status).toBe(400);
    expect(badZone.body.error.message).toContain('参数 zone');
  });

  it('detects northings in the easting slot (X and Y swapped), reads them swapped and says so', async () => {
    // Coordinates by proj4 with the axes exchanged, written into the drawing by ogr2ogr without reprojection.
    const gk = proj4('EPSG:4326', gaussKrugerProj(114));
    const swapped = PARCELS.map((p) => ({ ...p, rings: p.rings.map((r) => r.map((q) => [...gk.forward([q[0]!, q[1]!])].reverse())) }));
    const source = JSON.parse(drawingGeoJson(swapped));
    for (const f of source.features) if (f.geometry.type === 'Point') f.geometry.coordinates = [...gk.forward(f.geometry.coordinates)].reverse();
    const p = await previewUpload(server.url, 'admin', 'swapped.dxf', await dxf('swapped', '', 'hatch', JSON.stringify(source)));
    expect(p.status).toBe(200);
    expect(p.body.coordinates.zone).toMatchObject({ zone: 38, swapped: true });
    expect(p.body.warnings.join()).toContain('X 与 Y 对调了');
    expectParcelsRead(p.body.items);
  });

  it('refuses a drawing in local coordinates with a reason', async () => {
    const local = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { Layer: '0' }, geometry: { type: 'Polygon', coordinates: [ring([0, 0], [100, 0], [100, 100], [0, 100])] } }] };
    await gdal.write('local.geojson', JSON.stringify(local));
    await gdal.ogr2ogr('-f', 'DXF', 'local.dxf', 'local.geojson');
    const p = await previewUpload(server.url, 'admin', 'local.dxf', await gdal.read('local.dxf'));
    expect(p.status).toBe(422);
    expect(p.body.error.message).toContain('不是高斯克吕格坐标');
  });
});
