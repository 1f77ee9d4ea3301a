import { TASK_TYPE_LABELS } from '../categories.ts';
import type { IsoDate } from '../dates.ts';
import { completionRate, paceOf } from '../progress.ts';
import type { UnitTaskFigures, Warning } from './types.ts';

/** Percentage points below the expected line from which a lagging unit is a serious warning, not a caution. */
const SERIOUS_GAP_PCT = 20;

/**
 * Units behind the expected % for the date (progress's own pace rule, with its band of tolerance), one warning per
 * unit and task type, saying by how many points and about how many mu.
 */
export function unitsBehindWarnings(figures: readonly UnitTaskFigures[], expectedPct: number, date: IsoDate): Warning[] {
  const warnings: Warning[] = [];
  for (const f of figures) {
    const rate = completionRate(f.disposedMu, f.taskMu);
    if (rate == null || f.taskMu == null || paceOf(rate, expectedPct) !== 'behind') continue;
    const ratePct = rate * 100;
    const gap = expectedPct - ratePct;
    const shortfallMu = (f.taskMu * expectedPct) / 100 - f.disposedMu;
    const label = TASK_TYPE_LABELS[f.taskType];
    warnings.push({
      id: `unit_behind:${f.unitId}:${f.taskType}`,
      kind: 'unit_behind',
      severity: gap >= SERIOUS_GAP_PCT ? 'high' : 'medium',
      unitId: f.unitId,
      unitName: f.unitName,
      parcelId: null,
      parcelCode: null,
      parcelName: null,
      title: `${f.unitName}${label}进度滞后 ${gap.toFixed(1)} 个百分点`,
      detail: `${label}任务 ${f.taskMu.toFixed(2)} 亩，已处置 ${f.disposedMu.toFixed(2)} 亩，完成率 ${ratePct.toFixed(1)}%；按时序 ${date} 应达 ${expectedPct.toFixed(1)}%，尚差约 ${shortfallMu.toFixed(2)} 亩`,
      date,
      facts: { taskType: f.taskType, taskMu: f.taskMu, disposedMu: f.disposedMu, ratePct, expectedPct, shortfallMu },
    });
  }
  return warnings;
}
