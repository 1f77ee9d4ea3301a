import { useMemo } from 'react';
import type { CampaignDetail, CampaignProgress, TaskKey } from '../../api/types.ts';
import { pct } from '../../format.ts';
import type { UnitLabel } from './unit-labels.ts';

/**
 * Unit labels for the map, each with the unit's completion rate for the task type shown: the desk's progress panel
 * and the war-room wall both show who is behind at a glance.
 */
export function unitLabels(campaign: CampaignDetail, progress: CampaignProgress | null, task: TaskKey): UnitLabel[] {
  const figures = new Map(
    (progress?.campaignId === campaign.id ? progress.units : []).map((u) => [u.unitId, task === 'overall' ? u.overall : u.tasks[task]]),
  );
  return campaign.units.features.flatMap((unit, index): UnitLabel[] => {
    const p = unit.properties;
    if (!p.labelPoint) return [];
    const f = figures.get(p.id);
    const hasRate = f != null && f.rate !== null;
    return [
      {
        unitId: p.id,
        name: p.name,
        point: p.labelPoint,
        illustrative: p.illustrative,
        // Zones are small and sit inside a county: the county's name comes first when they collide.
        priority: (p.kind === 'zone' ? 1000 : 0) + index,
        rateText: hasRate ? pct(f.rate!) : null,
        pace: hasRate ? f.pace : null,
      },
    ];
  });
}

/** Memoised, so markers are rebuilt only when figures change. */
export function useUnitLabels(campaign: CampaignDetail | null, progress: CampaignProgress | null, task: TaskKey): UnitLabel[] {
  return useMemo(() => (campaign ? unitLabels(campaign, progress, task) : []), [campaign, progress, task]);
}
