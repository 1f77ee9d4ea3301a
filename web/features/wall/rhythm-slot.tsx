/**
 * Where the campaign's rhythm (issue 14, "The rhythm": 月度通报, 重点案件挂牌督办) shows on the wall, kept apart from
 * the wall's own parts: the latest monthly ranking's change per unit (↑2, ↓1) comes in as an extra rank-table column
 * (RankExtraColumn, passed to RankTable), key cases under supervision as the children of RhythmSlot, which sits under
 * the rank table. Both are empty until those features exist; the slot then takes no room.
 */
import type { ReactNode } from 'react';

export interface RankExtraColumn {
  header: string;
  cell: (unitId: number) => ReactNode;
}

export function RhythmSlot(props: { title: string; children?: ReactNode }) {
  if (!props.children) return null;
  return (
    <section className="wall-card wall-rhythm" aria-label={props.title}>
      <h2 className="wall-card__title">{props.title}</h2>
      {props.children}
    </section>
  );
}
