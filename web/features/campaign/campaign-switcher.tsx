/** Choosing the campaign (专项行动); each is a configured campaign of a city or county, not a hard-coded page. */
import type { CampaignSummary } from '../../api/types.ts';

function shortCampaignName(c: CampaignSummary): string {
  return `${c.levelUnit.name} · ${c.startDate.slice(0, 4)}年`;
}

export function CampaignSwitcher(props: { campaigns: CampaignSummary[]; value: number; onChange: (id: number) => void }) {
  const current = props.campaigns.find((c) => c.id === props.value);
  return (
    <div className="campaign-switcher">
      <label className="campaign-switcher__field">
        <span className="visually-hidden">专项行动</span>
        <select value={props.value} onChange={(event) => props.onChange(Number(event.target.value))} title={current?.name}>
          {props.campaigns.map((c) => (
            <option key={c.id} value={c.id}>
              {shortCampaignName(c)}
            </option>
          ))}
        </select>
      </label>
      {current && (
        <p className="campaign-switcher__detail" title={current.name}>
          <span className="campaign-switcher__name">{current.name}</span>
          <span className="campaign-switcher__doc">
            {current.document} · {current.startDate} 至 {current.endDate}
          </span>
        </p>
      )}
    </div>
  );
}
