import type { ParcelFields } from './parcel.ts';

/**
 * The ledger's columns as a bureau's spreadsheet heads them, in order: the one list that the Excel export writes
 * and the Excel import reads (matching headers by these names).
 */
export const LEDGER_COLUMNS: ReadonlyArray<{ key: keyof ParcelFields; header: string; width: number }> = [
  { key: 'code', header: '地块编号', width: 20 },
  { key: 'projectName', header: '项目名称', width: 32 },
  { key: 'category', header: '类别', width: 10 },
  { key: 'status', header: '状态', width: 10 },
  { key: 'ledgerMu', header: '台账面积（亩）', width: 14 },
  { key: 'approvalBatch', header: '批次', width: 30 },
  { key: 'approvalNumber', header: '批准文号', width: 20 },
  { key: 'approvalDate', header: '批准日期', width: 12 },
  { key: 'approvedMu', header: '批准面积（亩）', width: 14 },
  { key: 'supervisionNumber', header: '电子监管号', width: 20 },
  { key: 'supplyMethod', header: '供应方式', width: 10 },
  { key: 'supplyDate', header: '供应日期', width: 12 },
  { key: 'supplyPriceWan', header: '出让价款（万元）', width: 14 },
  { key: 'landUse', header: '土地用途', width: 14 },
  { key: 'landUser', header: '用地单位', width: 28 },
  { key: 'agreedStartDate', header: '约定开工时间', width: 12 },
  { key: 'reasons', header: '未利用原因', width: 28 },
  { key: 'sourceLists', header: '来源清单', width: 16 },
  { key: 'disposalMethod', header: '处置方式', width: 14 },
  { key: 'responsiblePerson', header: '责任人', width: 10 },
  { key: 'remarks', header: '备注', width: 30 },
];
