/**
 * Unit names on the map as HTML markers: MapLibre text needs a glyph server, which an offline bureau network
 * lacks, while the browser has Chinese fonts. Labels let clicks through so they never hide a parcel, and a label
 * that would overlap one of higher priority is hidden until the map is zoomed in far enough to separate them.
 */
import { Marker, type Map as MapLibreMap } from 'maplibre-gl';
import type { Pace } from '../../../core/progress.ts';

export interface UnitLabel {
  unitId: number;
  name: string;
  point: [number, number];
  illustrative: boolean;
  /** Lower numbers win when labels collide (counties before the small zones inside them). */
  priority: number;
  /** Completion rate of the task shown in the progress panel, e.g. "88.4%"; null when the unit has no task. */
  rateText: string | null;
  pace: Pace | null;
}

function labelElement(label: UnitLabel): HTMLElement {
  const root = document.createElement('div');
  root.className = 'unit-label';
  root.dataset.unitId = String(label.unitId);
  const name = document.createElement('span');
  name.className = 'unit-label__name';
  name.textContent = label.name;
  root.append(name);
  if (label.illustrative) {
    const tag = document.createElement('span');
    tag.className = 'unit-label__tag';
    tag.textContent = '示意';
    tag.title = '示意边界：功能区无公开边界，按相对位置绘制';
    root.append(tag);
  }
  if (label.rateText) {
    const rate = document.createElement('span');
    rate.className = `unit-label__rate pace-${label.pace ?? 'no_task'}`;
    rate.textContent = label.rateText;
    root.append(rate);
  }
  return root;
}

interface Placed {
  marker: Marker;
  label: UnitLabel;
}

/** Shows labels in priority order, skipping any whose box would overlap one already shown. */
function declutter(map: MapLibreMap, placed: Placed[]): void {
  const shown: DOMRect[] = [];
  const gap = 4;
  for (const { marker, label } of placed) {
    const element = marker.getElement();
    const at = map.project(label.point);
    const w = element.offsetWidth + gap;
    const h = element.offsetHeight + gap;
    const box = new DOMRect(at.x - w / 2, at.y - h / 2, w, h);
    const collides = shown.some((s) => box.left < s.right && s.left < box.right && box.top < s.bottom && s.top < box.bottom);
    element.style.visibility = collides ? 'hidden' : '';
    if (!collides) shown.push(box);
  }
}

/** Replaces the map's unit labels with these; returns a function that removes them. */
export function showUnitLabels(map: MapLibreMap, labels: UnitLabel[]): () => void {
  const placed = [...labels]
    .sort((a, b) => a.priority - b.priority)
    .map((label) => ({ label, marker: new Marker({ element: labelElement(label), anchor: 'center' }).setLngLat(label.point).addTo(map) }));
  let frame = 0;
  const schedule = () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => declutter(map, placed));
  };
  schedule();
  map.on('zoom', schedule);
  map.on('resize', schedule);
  return () => {
    cancelAnimationFrame(frame);
    map.off('zoom', schedule);
    map.off('resize', schedule);
    placed.forEach(({ marker }) => marker.remove());
  };
}
