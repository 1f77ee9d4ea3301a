/** The demo approval batches and supply records (invented, data/demo/zhumadian-batches.json, see scripts/demo/batches.ts). */
import { readFile } from 'node:fs/promises';
import type { MultiPolygon } from 'geojson';
import type { BatchRecord, SupplyRecord } from '../../core/approval-overlay/records.ts';
import type { Queryable } from '../db/types.ts';
import { insertBatches, insertSupplies } from './upload.ts';

const DEMO_FILE = new URL('../../data/demo/zhumadian-batches.json', import.meta.url).pathname;

export async function loadDemoOverlay(tx: Queryable, campaignId: number): Promise<void> {
  const { batches, supplies } = JSON.parse(await readFile(DEMO_FILE, 'utf8')) as {
    batches: Array<BatchRecord & { geometry: MultiPolygon }>;
    supplies: Array<SupplyRecord & { geometry: MultiPolygon }>;
  };
  const source = (kind: string, i: number) => `演示数据 ${kind} 第 ${i + 1} 个`;
  await insertBatches(tx, campaignId, batches.map(({ geometry, ...record }, i) => ({ record, geometry, source: source('批次', i), repair: null })), '演示数据', true);
  await insertSupplies(tx, campaignId, supplies.map(({ geometry, ...record }, i) => ({ record, geometry, source: source('供地', i), repair: null })), '演示数据', true);
}
