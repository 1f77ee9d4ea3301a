import { TASK_TYPE_LABELS } from '../../../core/categories.ts';
import type { TaskKey } from '../../api/types.ts';

/** The three task types and their sum (合计), as the progress tabs name them. */
export const TASK_KEY_LABELS: Record<TaskKey, string> = { ...TASK_TYPE_LABELS, overall: '合计' };
