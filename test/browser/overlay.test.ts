import { beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Page } from 'playwright-core';
import { bbox } from '@turf/turf';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withBrowser } from '../support/browser.ts';
import { BATCH_NAME, batchFile, supplyFile } from '../fixtures/overlay/shapes.ts';

const env = withBrowser();
let page: Page;

beforeAll(async () => {
  page = await env.browser.newPage({ viewport: { width: 1600, height: 900 } });
});

async function signInAs(p: Page, username: string, password: string) {
  await p.getByRole('button', { name: '登录' }).click();
  await p.getByLabel('用户名').fill(username);
  await p.getByLabel('密码').fill(password);
  await p.locator('dialog').getByRole('button', { name: '登录' }).click();
  await p.getByTestId('user-menu').waitFor({ timeout: 10_000 });
}

const renderedCount = (p: Page, layers: string[]) => p.evaluate((ids) => window.__panhuo!.map.queryRenderedFeatures({ layers: ids }).length, layers);
const settle = (p: Page) => p.evaluate(async () => {
  const map = window.__panhuo!.map;
  if (map.isMoving() || !map.areTilesLoaded() || !map.loaded()) await new Promise((resolve) => map.once('idle', resolve));
});

/** A block with a sliver, in a batch the ledger disagrees with: where the overlay has the most to show. */
async function showcase() {
  const overlay = (await env.server.get('/api/campaigns/1/approval-overlay')).body;
  const features = (await env.server.get('/api/campaigns/1/approval-overlay/features')).body.features;
  const batch = overlay.batches.find((b: any) => b.sliverCount > 0 && !b.ledger.ok && b.remainderParts > 0 && !b.converted);
  const sliver = features.find((f: any) => f.properties.kind === 'sliver' && f.properties.batchId === batch.id);
  const [w, s, e, n] = bbox(sliver);
  const center: [number, number] = [(w + e) / 2, (s + n) / 2];
  // The block of the batch around the sliver (a batch may have blocks in several units).
  const outline = features.find((f: any) => f.properties.kind === 'batch' && f.properties.batchId === batch.id);
  const block = outline.geometry.coordinates.map((rings: any) => bbox({ type: 'Polygon', coordinates: rings }))
    .find(([bw, bs, be, bn]: number[]) => bw! <= center[0] && center[0] <= be! && bs! <= center[1] && center[1] <= bn!);
  return { batch, center, block: block as [number, number, number, number] };
}

describe('批供比对 on the map', () => {
  it('toggles the overlay: the panel lists every batch and the map draws batches, supplies and remainders', async () => {
    await page.goto(`${env.server.url}/?campaign=1`);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 45_000 });
    await signInAs(page, 'admin', 'panhuo-admin-demo');
    await page.getByRole('button', { name: '批供比对', exact: true }).click();
    const overlay = (await env.server.get('/api/campaigns/1/approval-overlay')).body;
    await expect.poll(() => page.locator('.overlay-batch').count(), { timeout: 15_000 }).toBe(overlay.batches.length);
    await expect.poll(() => page.locator('.overlay-totals').textContent()).toContain('亩');

    const { batch, center } = await showcase();
    await page.locator(`.overlay-batch[data-batch-id="${batch.id}"] .overlay-batch__head`).click();
    await expect.poll(() => page.locator(`.overlay-batch[data-batch-id="${batch.id}"]`).getAttribute('class')).toContain('overlay-batch--selected');
    await page.evaluate((c) => window.__panhuo!.map.jumpTo({ center: c, zoom: 15.6 }), center);
    await settle(page);
    expect(await renderedCount(page, ['overlay-batch-line'])).toBeGreaterThan(0);
    expect(await renderedCount(page, ['overlay-supply-fill'])).toBeGreaterThan(0);
    expect(await renderedCount(page, ['overlay-remainder-fill'])).toBeGreaterThan(0);
    expect(await renderedCount(page, ['overlay-sliver-fill'])).toBeGreaterThan(0);
  });

  // PANHUO_SCREENSHOTS=docs/screenshot-overlay.png: the picture in the README, taken from the same data as the tests.
  it.skipIf(!process.env.PANHUO_SCREENSHOTS)('takes the screenshot for the docs', async () => {
    // Not --disable-gpu: with it, screenshots of the map canvas come out blank (see scripts/dev/screenshot.ts).
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: ['--no-sandbox', '--headless', '--disable-background-networking', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--font-render-hinting=none', '--lang=zh-CN'],
    });
    try {
      const shot = await browser.newPage({ viewport: { width: 1600, height: 900 } });
      const { batch, center, block } = await showcase();
      await shot.goto(`${env.server.url}/?campaign=1&lon=${center[0]}&lat=${center[1]}&z=15.6`);
      await shot.waitForSelector('body[data-map-ready="true"]', { timeout: 45_000 });
      await signInAs(shot, 'yicheng', 'panhuo-editor-demo');
      await shot.getByRole('button', { name: '批供比对', exact: true }).click();
      await shot.locator(`.overlay-batch[data-batch-id="${batch.id}"] .overlay-batch__head`).click();
      await settle(shot);
      await shot.evaluate((b) => window.__panhuo!.map.fitBounds(b, { padding: { top: 60, bottom: 60, right: 60, left: 420 }, duration: 0 }), block);
      await shot.locator(`.overlay-batch[data-batch-id="${batch.id}"]`).scrollIntoViewIfNeeded();
      await settle(shot);
      await shot.waitForTimeout(500);
      expect(await renderedCount(shot, ['overlay-sliver-marker'])).toBeGreaterThan(0);
      await shot.screenshot({ path: process.env.PANHUO_SCREENSHOTS! });
    } finally {
      await browser.close();
    }
  });

  it('uploads a batch and its supplies from files, reporting the repaired bow-tie', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'overlay-'));
    await writeFile(join(dir, '批次.geojson'), JSON.stringify(batchFile()));
    await writeFile(join(dir, '供地.geojson'), JSON.stringify(supplyFile()));
    const before = await page.locator('.overlay-batch').count();
    await page.getByText('上传批次范围或供地图形').click();
    const form = page.locator('.overlay-upload');
    await form.locator('input[type=file]').setInputFiles(join(dir, '批次.geojson'));
    await form.getByRole('button', { name: '上传', exact: true }).click();
    await expect.poll(() => form.textContent(), { timeout: 10_000 }).toContain('已写入 1 个批次');
    await form.getByRole('button', { name: '供地' }).click();
    await form.locator('input[type=file]').setInputFiles(join(dir, '供地.geojson'));
    await form.getByRole('button', { name: '上传', exact: true }).click();
    await expect.poll(() => form.textContent(), { timeout: 10_000 }).toContain('已写入 5 个供地图形');
    expect(await form.textContent()).toMatch(/第 3 个要素：.*自相交.*ST_MakeValid 修复为 2 个面/);
    await expect.poll(() => page.locator('.overlay-batch').count(), { timeout: 10_000 }).toBe(before + 1);
    const row = page.locator('.overlay-batch', { hasText: BATCH_NAME });
    await expect.poll(() => row.textContent()).toContain('碎片 1 处');
    // A file with a point: refused, in Chinese, and nothing more listed.
    await writeFile(join(dir, 'point.geojson'), JSON.stringify({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [113.7, 33.05] } }));
    await form.locator('input[type=file]').setInputFiles(join(dir, 'point.geojson'));
    await form.getByRole('button', { name: '上传', exact: true }).click();
    await expect.poll(() => form.locator('[role=alert]').textContent(), { timeout: 10_000 }).toContain('须为面');
    await page.getByText('上传批次范围或供地图形').click();
  });

  it('turns a batch remainder into parcels after confirmation, and shows the result', async () => {
    const overlay = (await env.server.get('/api/campaigns/1/approval-overlay')).body;
    const { batch: shown } = await showcase();
    // Another batch than the one the screenshot shows, wholly convertible by an admin.
    const batch = overlay.batches.find((b: any) => b.id !== shown.id && b.remainderParts > 0 && !b.converted && !b.ledger.ok);
    const row = page.locator(`.overlay-batch[data-batch-id="${batch.id}"]`);
    await row.getByRole('button', { name: '转为批而未供地块' }).click();
    await expect.poll(() => row.getByRole('alertdialog').textContent()).toContain(`${batch.remainderParts}`);
    await row.getByLabel('类别').selectOption('expropriated_not_supplied');
    await row.getByRole('button', { name: '确认转换' }).click();
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toMatch(/已(生成|由 admin 转为) \d+ 个/);
    const after = (await env.server.get('/api/campaigns/1/approval-overlay')).body.batches.find((b: any) => b.id === batch.id);
    expect(after.converted.parcelIds).toHaveLength(batch.remainderParts);
    expect(after.ledger.ledgerMu).toBeGreaterThan(batch.ledger.ledgerMu);
    // Once converted, the row offers no second conversion.
    await expect.poll(() => row.getByRole('button', { name: '转为批而未供地块' }).count()).toBe(0);
  });
});
