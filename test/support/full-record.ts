import type { ParcelFields } from '../../core/parcel.ts';

/**
 * A ledger record with every field of the registry given a value (the type makes a new field a compile error here
 * until it has one): for round trips that must bring every field back.
 */
export const fullRecord = (code: string): ParcelFields => ({
  code,
  projectName: '全字段测试项目（含“引号”、逗号,与分号；）',
  category: 'idle',
  status: 'planned',
  ledgerMu: 123.45,
  approvalBatch: '驻马店市2019年度第3批次城市建设用地',
  approvalNumber: '豫政土〔2019〕123号',
  approvalDate: '2019-04-30',
  approvedMu: 150.5,
  supervisionNumber: '4117022019B00345',
  supplyMethod: '出让',
  supplyDate: '2019-12-31',
  supplyPriceWan: 2345.67,
  landUse: '工业用地',
  landClassCode: '05H1',
  landUser: '河南测试实业有限公司',
  agreedStartDate: '2020-06-30',
  reasons: '企业资金困难未按期动工\n第二行说明',
  sourceLists: ['省厅任务基数清单', '内网新增'],
  disposalMethod: '动工开发',
  responsiblePerson: '王建国',
  remarks: '备注：全字段往返',
});
