/**
 * The daily digest (/digest?campaign=&date=&staleDays=): the warnings of a date as a printable page — counts per unit
 * and kind, then each kind's rows, each linking to its parcel on the map. The same figures as the .xlsx digest.
 */
import { useState } from 'react';
import { parseIsoDate } from '../../../core/dates.ts';
import { warningPath } from '../../../core/warnings/link.ts';
import { SEVERITY_LABELS, WARNING_KINDS, WARNING_KIND_LABELS } from '../../../core/warnings/types.ts';
import { query } from '../../api/client.ts';
import type { CampaignSummary } from '../../api/types.ts';
import { dataOf, useApi } from '../../api/use-api.ts';
import { dateZh } from '../../format.ts';
import type { CampaignWarnings } from './types.ts';
import './warnings.css';
import './digest.css';

function readParams() {
  const p = new URLSearchParams(window.location.search);
  const campaign = Number(p.get('campaign'));
  const staleDays = Number(p.get('staleDays'));
  return {
    campaign: Number.isInteger(campaign) && campaign > 0 ? campaign : null,
    date: parseIsoDate(p.get('date') ?? ''),
    staleDays: Number.isInteger(staleDays) && staleDays > 0 ? staleDays : null,
  };
}

export default function DigestPage() {
  const [params, setParams] = useState(readParams);
  const campaigns = useApi<{ campaigns: CampaignSummary[] }>('/api/campaigns');
  const list = dataOf(campaigns)?.campaigns ?? [];
  const campaignId = params.campaign ?? list[0]?.id ?? null;
  const campaign = list.find((c) => c.id === campaignId) ?? null;
  const remote = useApi<CampaignWarnings>(campaignId === null ? null : `/api/campaigns/${campaignId}/warnings${query({ date: params.date, staleDays: params.staleDays })}`, campaignId);
  const data = dataOf(remote);

  const changeDate = (text: string) => {
    const date = parseIsoDate(text);
    if (!date) return;
    const next = { ...params, campaign: campaignId, date };
    setParams(next);
    window.history.replaceState(null, '', `/digest${query({ campaign: next.campaign, date: next.date, staleDays: next.staleDays })}`);
  };

  return (
    <main className="digest" aria-busy={remote.state === 'loading'}>
      <header className="digest__header">
        <div>
          <p className="eyebrow">盘活 · 预警日报</p>
          <h1>{campaign?.name ?? '预警日报'}</h1>
          {data && (
            <p className="digest__meta">
              {dateZh(data.date)} · 共 {data.counts.total} 项（严重 {data.counts.bySeverity.high}，警示 {data.counts.bySeverity.medium}，提示 {data.counts.bySeverity.low}）· 久未更新按超过 {data.staleDays} 天计 · 按时序应完成 {data.expectedPct.toFixed(1)}%
            </p>
          )}
        </div>
        <div className="digest__actions">
          <label className="form-field">
            <span>日期</span>
            <input type="date" value={data?.date ?? params.date ?? ''} onChange={(e) => changeDate(e.target.value)} />
          </label>
          <button type="button" className="button button--small" onClick={() => window.print()}>
            打印
          </button>
          {campaignId !== null && data && (
            <a className="button button--quiet button--small" href={`/api/campaigns/${campaignId}/warnings/digest.xlsx${query({ date: data.date, staleDays: data.staleDays })}`} download>
              下载 .xlsx
            </a>
          )}
          {campaignId !== null && (
            <a className="button button--quiet button--small" href={`/?campaign=${campaignId}`}>
              返回地图
            </a>
          )}
        </div>
      </header>

      {(remote.state === 'error' || campaigns.state === 'error') && (
        <p className="error-box" role="alert">
          日报加载失败：{remote.state === 'error' ? remote.message : campaigns.state === 'error' ? campaigns.message : ''}
        </p>
      )}
      {!data && remote.state === 'loading' && <div className="skeleton" aria-label="正在生成日报" />}

      {data && campaignId !== null && (
        <>
          <section aria-labelledby="digest-summary">
            <h2 id="digest-summary">各单位预警汇总</h2>
            <table className="digest__table digest__table--summary" data-testid="digest-summary">
              <thead>
                <tr>
                  <th>单位</th>
                  {WARNING_KINDS.map((k) => (
                    <th key={k}>{WARNING_KIND_LABELS[k]}</th>
                  ))}
                  <th>合计</th>
                </tr>
              </thead>
              <tbody>
                {data.units.map((u) => {
                  const c = data.counts.byUnit.find((x) => x.unitId === u.unitId);
                  return (
                    <tr key={u.unitId}>
                      <th scope="row">{u.name}</th>
                      {WARNING_KINDS.map((k) => (
                        <td key={k}>{c?.byKind[k] || ''}</td>
                      ))}
                      <td>{c?.total ?? 0}</td>
                    </tr>
                  );
                })}
                {data.counts.byUnit
                  .filter((c) => !data.units.some((u) => u.unitId === c.unitId))
                  .map((c) => (
                    <tr key={`other-${c.unitId}`}>
                      <th scope="row">{c.unitName ?? '未归属单位'}</th>
                      {WARNING_KINDS.map((k) => (
                        <td key={k}>{c.byKind[k] || ''}</td>
                      ))}
                      <td>{c.total}</td>
                    </tr>
                  ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">合计</th>
                  {WARNING_KINDS.map((k) => (
                    <td key={k}>{data.counts.byKind[k]}</td>
                  ))}
                  <td>{data.counts.total}</td>
                </tr>
              </tfoot>
            </table>
          </section>

          {data.counts.total === 0 && <p className="warnings-empty">{dateZh(data.date)}，本专项行动没有需要处理的预警。</p>}
          {WARNING_KINDS.filter((k) => data.counts.byKind[k] > 0).map((k) => (
            <section key={k} className="digest__kind" aria-labelledby={`digest-${k}`}>
              <h2 id={`digest-${k}`}>
                {WARNING_KIND_LABELS[k]}（{data.counts.byKind[k]}）
              </h2>
              <table className="digest__table">
                <thead>
                  <tr>
                    <th>序号</th>
                    <th>程度</th>
                    <th>单位</th>
                    <th>地块</th>
                    <th>预警</th>
                    <th>说明</th>
                  </tr>
                </thead>
                <tbody>
                  {data.warnings
                    .filter((w) => w.kind === k)
                    .map((w, i) => (
                      <tr key={w.id}>
                        <td>{i + 1}</td>
                        <td>
                          <span className={`severity severity--${w.severity}`}>{SEVERITY_LABELS[w.severity]}</span>
                        </td>
                        <td className="digest__nowrap">{w.unitName ?? '—'}</td>
                        <td>
                          <a href={warningPath(campaignId, w)}>{w.parcelCode ?? '查看单位'}</a>
                          {w.parcelName && <div className="digest__sub">{w.parcelName}</div>}
                        </td>
                        <td>{w.title}</td>
                        <td className="digest__detail">{w.detail}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </section>
          ))}
        </>
      )}
    </main>
  );
}
