/**
 * Writes the seed campaigns as the files a bureau would upload (data/campaigns/<key>/): campaign.json (the definition
 * and which boundary file and fields give the units), units.geojson (the unit boundaries of data/boundaries in the
 * document's order, with each unit's full name) and the task sheets shaped as the document prints them —
 * tasks-附件2.xlsx, tasks-附件3.xlsx (two-row header, 总计 in the 序号 column), tasks-附件4.xlsx. Figures come from the
 * transcribed presets (data/campaigns/*.json), unchanged, including the totals that do not add up.
 *
 *   npx tsx scripts/data/write-task-sheets.ts
 */
import { mkdir, writeFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { TASK_TYPE_LABELS, type TaskType } from '../../core/categories.ts';
import { readBoundaries, readPreset, type CampaignPreset } from '../../server/campaigns/preset.ts';

const OUT = new URL('../../data/campaigns/', import.meta.url).pathname;
const THIN = { style: 'thin' } as const;

function sheetOf(title: string): { workbook: ExcelJS.Workbook; sheet: ExcelJS.Worksheet } {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '盘活 scripts/data/write-task-sheets.ts';
  const sheet = workbook.addWorksheet(title);
  return { workbook, sheet };
}

function box(sheet: ExcelJS.Worksheet, fromRow: number) {
  sheet.eachRow((row, n) => {
    if (n < fromRow) return;
    row.eachCell({ includeEmpty: true }, (cell) => {
      cell.border = { top: THIN, left: THIN, bottom: THIN, right: THIN };
      cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    });
  });
}

/** Unit rows show the unit's name, total rows their label with the document's spacing ("合 计"). */
const labelOf = (row: { unit?: string; label?: string }) => row.unit ?? (row.label === '合计' ? '合 计' : row.label ?? '');

async function annex2(preset: CampaignPreset, dir: string) {
  const { workbook, sheet } = sheetOf('附件2');
  sheet.addRow(['附件2']);
  sheet.addRow([preset.annex2!.title.replace(/^附件2\s*/, '').replace(/（单位：亩）$/, '')]);
  sheet.addRow(['单位：亩']);
  sheet.addRow(['县 区', '批准面积', '供应面积', '未供面积', '下达任务率', '下达任务量', '盘活面积', '完成率', '完成率排名', '备注']);
  for (const r of preset.annex2!.rows) sheet.addRow([labelOf(r), r.approvedMu, r.suppliedMu, r.unsuppliedMu, r.rate, r.taskMu]);
  sheet.getColumn(5).numFmt = '0%';
  sheet.mergeCells('A2:J2');
  box(sheet, 4);
  sheet.columns.forEach((c, i) => (c.width = i === 0 ? 14 : 11));
  await workbook.xlsx.writeFile(`${dir}/tasks-附件2.xlsx`);
}

async function annex3(preset: CampaignPreset, dir: string) {
  const { workbook, sheet } = sheetOf('附件3');
  const lists = Object.entries(preset.annex3!.lists);
  sheet.addRow(['附件3']);
  sheet.addRow([preset.annex3!.title.replace(/^附件3\s*/, '').replace(/（.*）$/, '')]);
  sheet.addRow(['2021.3.22', '单位：亩']);
  sheet.addRow(['序号', '行政区域', ...lists.flatMap(([, l]) => [l.label, '', '', ''])]);
  sheet.addRow(['', '', ...lists.flatMap(() => ['宗数', '面积', '2021年完成任务率', '2021年完成任务量'])]);
  let n = 0;
  for (const r of preset.annex3!.rows) {
    const cells = lists.flatMap(([key]) => {
      const c = r[key] as { count: number | null; areaMu: number | null; rate: number | null; taskMu: number | null };
      return [c.count, c.areaMu, c.rate, c.taskMu];
    });
    // The document writes 总计 in the 序号 column and leaves 行政区域 empty.
    sheet.addRow(r.unit ? [++n, r.unit, ...cells] : [r.label, '', ...cells]);
  }
  sheet.mergeCells('A4:A5');
  sheet.mergeCells('B4:B5');
  lists.forEach((_, i) => sheet.mergeCells(4, 3 + i * 4, 4, 6 + i * 4));
  lists.forEach((_, i) => (sheet.getColumn(5 + i * 4).numFmt = '0%'));
  box(sheet, 4);
  sheet.columns.forEach((c, i) => (c.width = i < 2 ? 10 : 12));
  await workbook.xlsx.writeFile(`${dir}/tasks-附件3.xlsx`);
}

async function annex4(preset: CampaignPreset, dir: string) {
  const { workbook, sheet } = sheetOf('附件4');
  const types = preset.taskTypes;
  const words: Record<TaskType, string> = { approved_not_supplied: '批而未供土地', idle: TASK_TYPE_LABELS.idle, inefficient: '低效工业用地' };
  sheet.addRow(['附件4']);
  sheet.addRow([preset.annex4!.title.replace(/^附件4\s*/, '').replace(/（.*）$/, '')]);
  sheet.addRow(['报送时间:']);
  sheet.addRow(['单位: 亩']);
  sheet.addRow(['县 区', '下达任务量', ...types.slice(1).map(() => ''), '本周处置量', ...types.slice(1).map(() => ''), '备注']);
  sheet.addRow(['', ...types.map((t) => words[t]), ...types.map((t) => words[t]), '']);
  for (const r of preset.annex4!.rows) sheet.addRow([labelOf(r), ...types.map((t) => r[t] ?? null)]);
  sheet.mergeCells(5, 1, 6, 1);
  sheet.mergeCells(5, 2, 5, 1 + types.length);
  sheet.mergeCells(5, 2 + types.length, 5, 1 + 2 * types.length);
  box(sheet, 5);
  sheet.columns.forEach((c) => (c.width = 13));
  await workbook.xlsx.writeFile(`${dir}/tasks-附件4.xlsx`);
}

/** The campaign definition as the set-up form would send it, plus where its units and tasks come from. */
function definition(preset: CampaignPreset, units: Record<string, unknown>, tasks: Record<string, string>) {
  const { key, name, document, startDate, endDate, tolerance, taskTypes, subtotals, phases, milestones } = preset;
  return {
    key, name, document, startDate, endDate, tolerance, taskTypes, subtotals: subtotals ?? {}, phases, milestones,
    level: { code: preset.level.code, name: preset.level.name, kind: preset.level.kind },
    units,
    tasks,
  };
}

async function main() {
  const zhumadian = await readPreset('zhumadian-2021.json');
  const zDir = `${OUT}zhumadian-2021`;
  await mkdir(zDir, { recursive: true });
  await annex2(zhumadian, zDir);
  await annex3(zhumadian, zDir);
  await annex4(zhumadian, zDir);
  // The document's order, so units are numbered as the document lists them; the full name, as a bureau's file would have it.
  const boundaries = await readBoundaries('zhumadian-units.geojson');
  const features = zhumadian.units.map((unit) => {
    const feature = boundaries.features.find((f) => f.properties.code === unit.code);
    if (!feature) throw new Error(`no boundary for ${unit.code}`);
    return { ...feature, properties: { ...feature.properties, fullName: unit.fullName } };
  });
  await writeFile(`${zDir}/units.geojson`, `${JSON.stringify({ type: 'FeatureCollection', features })}\n`);
  await writeFile(`${zDir}/campaign.json`, `${JSON.stringify(definition(zhumadian,
    { boundaryFile: 'units.geojson', nameField: 'name', codeField: 'code', fullNameField: 'fullName', kindField: 'kind', noteField: 'note', illustrativeField: 'illustrative' },
    { annex2: 'tasks-附件2.xlsx', annex3: 'tasks-附件3.xlsx', annex4: 'tasks-附件4.xlsx' }), null, 2)}\n`);

  const anze = await readPreset('anze-2023.json');
  const aDir = `${OUT}anze-2023`;
  await mkdir(aDir, { recursive: true });
  // Anze's document names its towns but gives no boundaries and no task tables.
  await writeFile(`${aDir}/campaign.json`, `${JSON.stringify(definition(anze, { list: anze.units.map(({ name, code, fullName, kind }) => ({ name, code, fullName, kind })) }, {}), null, 2)}\n`);
  console.log(`written: ${zDir}/{campaign.json, units.geojson, tasks-附件2.xlsx, tasks-附件3.xlsx, tasks-附件4.xlsx}, ${aDir}/campaign.json`);
}

await main();
