/**
 * The five categories of 批而未用 land, the three task types campaigns assign, and parcel statuses.
 * Code names are English (see DOMAIN.md); labels are what the UI shows.
 */

export const CATEGORIES = [
  'approved_not_expropriated',
  'expropriated_not_supplied',
  'used_before_supply',
  'idle',
  'inefficient',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_LABELS: Record<Category, string> = {
  approved_not_expropriated: '批而未征',
  expropriated_not_supplied: '征而未供',
  used_before_supply: '未供即用',
  idle: '供后闲置',
  inefficient: '低效用地',
};

export const TASK_TYPES = ['approved_not_supplied', 'idle', 'inefficient'] as const;
export type TaskType = (typeof TASK_TYPES)[number];

export const TASK_TYPE_LABELS: Record<TaskType, string> = {
  approved_not_supplied: '批而未供',
  idle: '闲置土地',
  inefficient: '低效用地',
};

/** 批而未供 covers the first three categories; idle and inefficient land are tasks of their own. */
export function taskTypeOf(category: Category): TaskType {
  switch (category) {
    case 'approved_not_expropriated':
    case 'expropriated_not_supplied':
    case 'used_before_supply':
      return 'approved_not_supplied';
    case 'idle':
      return 'idle';
    case 'inefficient':
      return 'inefficient';
  }
}

export function categoriesOf(taskType: TaskType): Category[] {
  return CATEGORIES.filter((c) => taskTypeOf(c) === taskType);
}

/** A parcel's place in its disposal lifecycle, from registration to being struck off the list (销号). */
export const STATUSES = ['registered', 'planned', 'in_progress', 'disposed', 'struck_off'] as const;
export type Status = (typeof STATUSES)[number];

export const STATUS_LABELS: Record<Status, string> = {
  registered: '已登记',
  planned: '已定方案',
  in_progress: '处置中',
  disposed: '已处置',
  struck_off: '已销号',
};

/** Disposal methods the seeds name, per task type (DOMAIN.md). */
export const DISPOSAL_METHODS: Record<TaskType, readonly string[]> = {
  approved_not_supplied: ['加快征收', '供应（出让）', '供应（划拨）', '列入储备', '区位调整', '置换', '撤销批文', '完善手续', '涉法涉诉协调'],
  idle: ['动工开发', '临时使用', '有偿收回', '无偿收回', '协议置换', '转让', '合作建设', '征缴土地闲置费'],
  inefficient: ['限期开发', '转型升级', '增资扩产', '分割转让', '成片开发', '政府收储', '兼并重组', '鼓励流转'],
};

export const UNIT_KINDS = ['city', 'county', 'zone', 'town'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const UNIT_KIND_LABELS: Record<UnitKind, string> = {
  city: '市',
  county: '县区',
  zone: '功能区',
  town: '乡镇',
};

export function isOneOf<T extends string>(values: readonly T[], x: unknown): x is T {
  return typeof x === 'string' && (values as readonly string[]).includes(x);
}
