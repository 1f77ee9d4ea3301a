import type { Category } from '../../core/categories.ts';
import type { ParcelFields } from '../../core/parcel.ts';
import { addDays, type IsoDate } from '../../core/dates.ts';
import type { Random } from './random.ts';

const INDUSTRIES = ['智能装备', '食品加工', '新材料', '现代物流', '商贸中心', '电子信息', '生物医药', '农产品冷链', '汽车零部件', '纺织服装', '绿色建材', '光伏组件', '预制菜', '装配式建筑', '再生资源'];
const PUBLIC_WORKS = ['安置小区', '污水处理厂', '职教园区', '城市道路', '公共绿地', '中学', '社区卫生服务中心', '公交枢纽'];
const FIRMS = ['天中', '豫南', '汝河', '嵖岈山', '铜山湖', '驿城', '宏达', '中原', '恒信', '瑞丰', '金桥', '华泰', '鑫源', '正通'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡'];
const GIVEN = ['建国', '海涛', '丽娟', '志强', '晓峰', '红霞', '新民', '伟', '静', '勇', '军', '磊', '芳', '超'];
const REASONS: Record<Category, string[]> = {
  approved_not_expropriated: ['征地补偿未达成一致', '拆迁安置未完成', '涉及信访问题'],
  expropriated_not_supplied: ['暂不具备供地条件，基础设施未配套', '规划调整', '招商项目未落地', '土地储备待供'],
  used_before_supply: ['招商引资项目先行使用，供地手续未完善', '基础设施项目已建成未办理划拨'],
  idle: ['企业资金困难未按期动工', '政府原因：规划调整', '政府原因：未按约定交地', '司法查封'],
  inefficient: ['停建停产', '产出低于亩均标准', '容积率低于控制指标'],
};

/** The third national land survey's class code (地类编码) of each land use the demo gives. */
const LAND_CLASS_OF_USE: Record<string, string> = {
  工业用地: '0601', 仓储用地: '0604', 商服用地: '05H1', 住宅用地: '0701', 公共管理与公共服务用地: '08',
};

interface Context {
  unit: { code: string; name: string };
  category: Category;
  serial: number;
  ledgerMu: number;
}

/** Invented but plausible ledger fields for a demo parcel (everything but geometry, category and status). */
export function names(random: Random, { unit, category, serial, ledgerMu }: Context): Omit<ParcelFields, 'category' | 'status' | 'ledgerMu' | 'remarks' | 'disposalMethod'> {
  const year = random.int(2009, 2020);
  const approvalDate = addDays(`${year}-01-01` as IsoDate, random.int(30, 330));
  const supplied = category === 'idle' || category === 'inefficient';
  const publicWork = category === 'used_before_supply' && random.next() < 0.5;
  const project = publicWork ? random.pick(PUBLIC_WORKS) : `${random.pick(FIRMS)}${random.pick(INDUSTRIES)}${random.pick(['产业园', '项目', '基地'])}`;
  const supplyYear = Math.min(2020, year + random.int(0, 3));
  const supplyDate = supplied ? addDays(`${supplyYear}-01-01` as IsoDate, random.int(10, 350)) : null;
  const division = /^\d{6}$/.test(unit.code) ? unit.code : '411700';
  const fields = {
    code: `ZMD-${division}-${String(serial).padStart(4, '0')}`,
    projectName: `${unit.name}${project}`,
    approvalBatch: `驻马店市${year}年度第${random.int(1, 12)}批次城市建设用地`,
    approvalNumber: `豫政土〔${year}〕${random.int(10, 999)}号`,
    approvalDate,
    approvedMu: Math.round(ledgerMu * random.between(1, 1.6) * 100) / 100,
    supervisionNumber: supplied ? `${division}${supplyYear}B${String(random.int(1, 99999)).padStart(5, '0')}` : null,
    supplyMethod: supplied ? random.pick(['出让', '出让', '出让', '划拨']) : null,
    supplyDate,
    supplyPriceWan: supplied ? Math.round(ledgerMu * random.between(8, 30)) : null,
    landUse: publicWork ? '公共管理与公共服务用地' : random.pick(['工业用地', '工业用地', '仓储用地', '商服用地', '住宅用地']),
    landUser: supplied || category === 'used_before_supply' ? (publicWork ? `${unit.name}城市建设投资有限公司` : `河南${random.pick(FIRMS)}${random.pick(INDUSTRIES)}有限公司`) : null,
    agreedStartDate: supplyDate ? addDays(supplyDate as IsoDate, random.int(90, 365)) : null,
    reasons: random.pick(REASONS[category]),
    sourceLists: category === 'idle' ? [random.pick(['省厅任务基数清单', '内网新增'])] : category === 'inefficient' ? ['低效工业用地清单'] : ['部监测监管系统'],
    responsiblePerson: `${random.pick(SURNAMES)}${random.pick(GIVEN)}`,
  };
  // Derived, not drawn: adding it kept every other demo figure as it was.
  return { ...fields, landClassCode: LAND_CLASS_OF_USE[fields.landUse] ?? null };
}
