/**
 * How the file's coordinates were read, and the person's say in it: the Gauss–Krüger zone of a drawing or table
 * without CRS (and whether X/Y were swapped), the source system of a lon/lat file (GCJ-02 from AMap/Tencent, BD-09
 * from Baidu), and a drawing's layers. A change reads the file again with the choice.
 */
import { useState } from 'react';
import { ZONES_IN_CHINA, centralMeridian } from '../../../core/coordfile/projection.ts';
import { SOURCE_CRSES, SOURCE_CRS_LABELS, type SourceCrs } from '../../../core/coords/source-crs.ts';
import type { CoordinateReport } from './types.ts';

/** What is sent with the file as form fields (server/imports/read-options.ts). */
export interface ReadingChoices {
  zone?: { zone: number; width: 3 | 6 };
  sourceCrs?: SourceCrs;
  layers?: string[];
}

const ZONE_OPTIONS = ([3, 6] as const).flatMap((width) => {
  const { min, max } = ZONES_IN_CHINA[width];
  return Array.from({ length: max - min + 1 }, (_, i) => ({ zone: min + i, width, label: `${width}° 带第 ${min + i} 带（中央经线 ${centralMeridian(min + i, width)}°）` }));
});

const SOURCE_LABELS: Record<string, string> = { prefix: '由带号前缀得出', campaign: '按单位范围推定', chosen: '按所选', nearest: '未能推定，请核对' };

export function ReadingChoicesPanel({ report, disabled, onChange }: { report: CoordinateReport; disabled: boolean; onChange: (choices: ReadingChoices) => void }) {
  const [layers, setLayers] = useState<string[]>(() => report.layers?.filter((l) => l.selected).map((l) => l.name) ?? []);
  const { zone, sourceCrs } = report;
  return (
    <fieldset className="reading-choices" disabled={disabled} data-testid="reading-choices">
      <legend>坐标读取方式</legend>
      {zone && (
        <div className="reading-choices__row">
          <label className="form-field">
            <span>投影带（CGCS2000 高斯克吕格）<em className={`reading-choices__source reading-choices__source--${zone.source}`}>{SOURCE_LABELS[zone.source]}</em></span>
            <select
              data-testid="choose-zone"
              value={`${zone.width}/${zone.zone}`}
              onChange={(e) => {
                const [width, number] = e.target.value.split('/').map(Number);
                onChange({ zone: { zone: number!, width: width as 3 | 6 } });
              }}
            >
              {ZONE_OPTIONS.map((o) => (
                <option key={`${o.width}/${o.zone}`} value={`${o.width}/${o.zone}`}>
                  {o.label}
                </option>
              ))}
            </select>
          </label>
          <p className="hint">{zone.note}{zone.swapped && '；X 与 Y 对调，已按对调后读取'}</p>
        </div>
      )}
      {sourceCrs && (
        <div className="reading-choices__row">
          <label className="form-field">
            <span>源坐标系{sourceCrs.suggested && <em className="reading-choices__source">建议：{SOURCE_CRS_LABELS[sourceCrs.suggested].split('（')[0]}</em>}</span>
            <select data-testid="choose-source-crs" value={sourceCrs.value} onChange={(e) => onChange({ sourceCrs: e.target.value as SourceCrs })}>
              {SOURCE_CRSES.map((crs) => (
                <option key={crs} value={crs}>
                  {SOURCE_CRS_LABELS[crs]}
                </option>
              ))}
            </select>
          </label>
          <p className="hint">{sourceCrs.reason ? `${sourceCrs.reason}。` : ''}高德、腾讯地图的坐标为 GCJ-02，百度地图为 BD-09：选中后精确换算为 CGCS2000（误差小于 1 厘米）。</p>
        </div>
      )}
      {report.layers && (
        <div className="reading-choices__row">
          <span className="reading-choices__label">图层</span>
          <ul className="reading-choices__layers">
            {report.layers.map((l) => (
              <li key={l.name}>
                <label>
                  <input
                    type="checkbox"
                    checked={layers.includes(l.name)}
                    onChange={(e) => setLayers(e.target.checked ? [...layers, l.name] : layers.filter((n) => n !== l.name))}
                  />
                  {l.name}
                  <small>
                    {l.shapes > 0 && ` ${l.shapes} 个闭合图形`}
                    {l.texts > 0 && ` ${l.texts} 个文字`}
                  </small>
                </label>
              </li>
            ))}
          </ul>
          <button type="button" className="button button--small button--quiet" disabled={!layers.length} onClick={() => onChange({ layers })}>
            按所选图层重新读取
          </button>
        </div>
      )}
    </fieldset>
  );
}
