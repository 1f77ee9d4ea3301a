/**
 * The collections of Panhuo's OGC API – Features: each one's SQL (source, id, geometry, time, properties) and its
 * queryables. Parcels take their properties and queryables from the field registry (core/fields/registry.ts), named
 * as the API names them, with the Chinese labels as titles.
 */
import type { Queryable, QueryableType } from '../../core/cql2/sql.ts';
import { FIELDS } from '../../core/fields/registry.ts';
import type { FieldDef } from '../../core/fields/types.ts';
import { inCampaign } from '../campaigns/scope-sql.ts';
import { GRID } from '../overlay/queries.ts';

/** A queryable with what /queryables says of it. */
export interface OgcQueryable extends Queryable {
  title: string;
  /** The JSON Schema of its values (without title). */
  schema: Record<string, unknown>;
}

export interface Collection {
  id: string;
  title: string;
  description: string;
  /** FROM clause; the row alias the other expressions use is `t`. */
  from: string;
  /** Always applied (e.g. not deleted). */
  where: string;
  idSql: string;
  geom: string;
  /** The time `datetime` matches (the last change), or null when the collection has none. */
  time: string | null;
  /** The properties: each one's name and SQL, in the order items show them. */
  properties: ReadonlyArray<readonly [name: string, sql: string]>;
  queryables: OgcQueryable[];
  /** Part 4: items may be created, replaced, updated and deleted (through the parcel-write service). */
  writable: boolean;
  /** numberMatched may be counted: false where every row is itself computed (counting would compute them all). */
  countable: boolean;
}

const iso = (sql: string) => `to_char(${sql} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

const TYPE_OF_FIELD: Record<FieldDef['type'], QueryableType | null> = { text: 'string', enum: 'string', amount: 'number', date: 'date', list: null };
const SCHEMA_OF: Record<QueryableType, Record<string, unknown>> = {
  string: { type: 'string' }, number: { type: 'number' }, integer: { type: 'integer' }, date: { type: 'string', format: 'date' },
  timestamp: { type: 'string', format: 'date-time' }, membership: { type: 'integer' },
  geometry: { format: 'geometry-multipolygon', $ref: 'https://geojson.org/schema/MultiPolygon.json' },
};

const q = (name: string, type: QueryableType, sql: string, title: string, extra: Record<string, unknown> = {}): OgcQueryable =>
  ({ name, type, sql, title, schema: { ...SCHEMA_OF[type], ...extra } });

const fieldQueryables = (alias: string): OgcQueryable[] => FIELDS.flatMap((f: FieldDef) => {
  const type = TYPE_OF_FIELD[f.type];
  if (!type) return [];
  const extra = f.type === 'enum' ? { enum: f.values } : f.type === 'amount' ? { description: `单位：${f.unit}` } : {};
  return [q(f.key, type, `${alias}.${f.sql}`, f.label, extra)];
});

const campaignMembership = (memberOf: (ids: string) => string): OgcQueryable =>
  ({ ...q('campaign', 'membership', '', '专项行动（编号）', { description: '地块计入的专项行动：campaign = 1 或 campaign IN (1, 2)' }), memberOf });

const parcels: Collection = {
  id: 'parcels',
  title: '地块',
  description: '台账地块（批而未用土地）：台账字段、边界与最后修改时间；按专项行动查询用 campaign。',
  from: 'parcels t LEFT JOIN units u ON u.id = t.unit_id',
  where: 't.deleted_at IS NULL',
  idSql: 't.id',
  geom: 't.geom',
  time: 't.updated_at',
  properties: [
    ...FIELDS.map((f) => [f.key, `t.${f.sql}`] as const),
    ['unitId', 't.unit_id'], ['unitName', 'u.name'], ['campaignId', 't.campaign_id'],
    ['campaigns', '(SELECT array_agg(cp.campaign_id ORDER BY cp.campaign_id) FROM campaign_parcels cp WHERE cp.parcel_id = t.id)'],
    // Ellipsoidal area of the boundary (CGCS2000 ellipsoid), mu.
    ['areaMu', 't.area_mu'], ['version', 't.version'], ['updatedAt', iso('t.updated_at')],
  ],
  queryables: [
    ...fieldQueryables('t'),
    q('unitId', 'integer', 't.unit_id', '所属单位（编号）'),
    q('areaMu', 'number', 't.area_mu', '图形面积（椭球面积，亩）'),
    q('version', 'integer', 't.version', '版本'),
    q('updatedAt', 'timestamp', 't.updated_at', '最后修改时间'),
    campaignMembership((ids) => inCampaign('t', `ANY(${ids})`)),
    q('geometry', 'geometry', 't.geom', '边界'),
  ],
  writable: true,
  countable: true,
};

const units: Collection = {
  id: 'units',
  title: '单位',
  description: '县区、功能区、乡镇的边界（功能区的边界可能为示意）。',
  from: 'units t',
  where: 'true',
  idSql: 't.id',
  geom: 't.boundary',
  time: null,
  properties: [['code', 't.code'], ['name', 't.name'], ['fullName', 't.full_name'], ['kind', 't.kind'], ['parentId', 't.parent_id'], ['boundaryIllustrative', 't.boundary_illustrative']],
  queryables: [
    q('code', 'string', 't.code', '单位代码'), q('name', 'string', 't.name', '名称'), q('fullName', 'string', 't.full_name', '全称'),
    q('kind', 'string', 't.kind', '类型', { enum: ['city', 'county', 'zone', 'town'] }), q('parentId', 'integer', 't.parent_id', '上级单位（编号）'),
    campaignMembership((ids) => `EXISTS (SELECT 1 FROM campaign_units cu WHERE cu.unit_id = t.id AND cu.campaign_id = ANY(${ids}))`),
    q('geometry', 'geometry', 't.boundary', '边界'),
  ],
  writable: false,
  countable: true,
};

const BATCH_PROPERTIES = [['campaignId', 't.campaign_id'], ['batchName', 't.batch_name'], ['approvalNumber', 't.approval_number'], ['approvalDate', 't.approval_date']] as const;
const batchQueryables = (geom: string): OgcQueryable[] => [
  q('campaignId', 'integer', 't.campaign_id', '专项行动（编号）'), q('batchName', 'string', 't.batch_name', '批次'),
  q('approvalNumber', 'string', 't.approval_number', '批准文号'), q('approvalDate', 'date', 't.approval_date', '批准日期'),
  campaignMembership((ids) => `t.campaign_id = ANY(${ids})`),
  q('geometry', 'geometry', geom, '范围'),
];

const approvalBatches: Collection = {
  id: 'approval-batches',
  title: '批次',
  description: '批供比对上传的批次范围（农用地转用和土地征收批准的范围）。',
  from: 'approval_batches t',
  where: 'true',
  idSql: 't.id',
  geom: 't.geom',
  time: 't.created_at',
  properties: [...BATCH_PROPERTIES, ['approvedMu', 't.approved_mu'], ['source', 't.source'], ['createdAt', iso('t.created_at')]],
  queryables: [...batchQueryables('t.geom'), q('approvedMu', 'number', 't.approved_mu', '批准面积（亩）')],
  writable: false,
  countable: true,
};

/**
 * Each batch less the union of its campaign's supply records that touch it, as 批供比对 computes it
 * (server/overlay/queries.ts): made valid first, snapped to the same 1 mm grid.
 */
const REMAINDER = `approval_batches t CROSS JOIN LATERAL (
  SELECT ST_Multi(CASE WHEN s.u IS NULL THEN ST_CollectionExtract(ST_MakeValid(t.geom), 3)
                       ELSE ST_CollectionExtract(ST_Difference(ST_CollectionExtract(ST_MakeValid(t.geom), 3), s.u, ${GRID}), 3) END) AS geom
  FROM (SELECT ST_Union(ST_CollectionExtract(ST_MakeValid(r.geom), 3), ${GRID}) AS u FROM supply_records r
        WHERE r.campaign_id = t.campaign_id AND r.geom && t.geom AND ST_Intersects(r.geom, t.geom)) s) rem`;

const unsuppliedRemainders: Collection = {
  id: 'unsupplied-remainders',
  title: '批而未供剩余范围',
  description: '每个批次减去与之相交的供地范围后剩下的部分（批供比对），面积为椭球面积（亩）。编号同批次编号。',
  from: REMAINDER,
  where: 'NOT ST_IsEmpty(rem.geom)',
  idSql: 't.id',
  geom: 'rem.geom',
  time: 't.created_at',
  properties: [...BATCH_PROPERTIES, ['remainderMu', 'ST_Area(rem.geom::geography) / (10000.0 / 15)']],
  queryables: batchQueryables('rem.geom'),
  writable: false,
  countable: false,
};

export const COLLECTIONS: readonly Collection[] = [parcels, units, approvalBatches, unsuppliedRemainders];
const BY_ID = new Map(COLLECTIONS.map((c) => [c.id, c]));
export const collectionOf = (id: string): Collection | null => BY_ID.get(id) ?? null;
