/**
 * 分包与设置: what the reports take from the campaign's own rhythm — the weekly deadline, the month ranking starts,
 * the footer (主办 / 督办 / 印发) — and each unit's responsible leader (分包), named in the weekly and monthly reports.
 * Everyone signed in reads them here; only an admin changes them (the API refuses others).
 */
import { useEffect, useState } from 'react';
import { sendJson } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { useSession } from '../auth/session.tsx';
import type { RhythmSettings, UnitLeadersAnswer } from './types.ts';

const WEEKDAYS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

function RhythmForm(props: { campaignId: number; settings: RhythmSettings; admin: boolean }) {
  const s = props.settings;
  const [weekday, setWeekday] = useState(s.deadline.weekday);
  const [time, setTime] = useState(s.deadline.time);
  const [rankingFrom, setRankingFrom] = useState<string>(s.rankingFrom);
  const [footer, setFooter] = useState({ host: s.footer.host ?? '', supervisor: s.footer.supervisor ?? '', issuer: s.footer.issuer ?? '', date: s.footer.date ?? '' });
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const save = async () => {
    setNote(null);
    try {
      await sendJson('PUT', `/api/campaigns/${props.campaignId}/rhythm`, { deadlineWeekday: weekday, deadlineTime: time, rankingFrom: rankingFrom || null, footer });
      setNote({ ok: true, text: '已保存：之后导出的周报表、月度通报和节点考核按此截止时间与落款' });
    } catch (e) {
      setNote({ ok: false, text: errorText(e) });
    }
  };
  const text = (key: keyof typeof footer, label: string, placeholder: string) => (
    <label className="form-field">
      {label}
      <input value={footer[key]} maxLength={key === 'date' ? 40 : 100} placeholder={placeholder} disabled={!props.admin} onChange={(e) => setFooter({ ...footer, [key]: e.target.value })} />
    </label>
  );
  return (
    <form className="setup-fieldset" aria-label="报送与通报" onSubmit={(e) => (e.preventDefault(), void save())}>
      <legend>报送与通报</legend>
      <div className="setup-form rhythm-form">
        <label className="form-field">
          周报告截止（北京时间）
          <span className="setup-inline">
            <select aria-label="截止日" value={weekday} disabled={!props.admin} onChange={(e) => setWeekday(Number(e.target.value))}>
              {WEEKDAYS.map((w, i) => (
                <option key={w} value={i + 1}>
                  {i + 1 < 5 ? `下${w}` : w}
                </option>
              ))}
            </select>
            <input aria-label="截止时间" type="time" value={time} disabled={!props.admin} onChange={(e) => setTime(e.target.value)} />
          </span>
        </label>
        <label className="form-field">
          月度排名起始
          <input type="date" value={rankingFrom} disabled={!props.admin} onChange={(e) => setRankingFrom(e.target.value)} />
        </label>
        {text('host', '主办', '如：市自然资源和规划局')}
        {text('supervisor', '督办', '如：协调落实六科')}
        {text('issuer', '印发单位', '如：某市人民政府办公室')}
        {text('date', '印发日期', '如：2021年5月8日')}
      </div>
      <p className="hint">报告周截至周五；截止日在周五之后时为下一周的该日。月度排名从起始日所在月份起，每月最后一个报告周公布。</p>
      {props.admin ? (
        <div className="setup-actions">
          <button type="submit" className="button">
            保存设置
          </button>
        </div>
      ) : (
        <p className="hint">只有管理员可以修改。</p>
      )}
      {note && (
        <p className={note.ok ? 'reports-saved' : 'error-box'} role={note.ok ? 'status' : 'alert'}>
          {note.text}
        </p>
      )}
    </form>
  );
}

function LeaderRow(props: { campaignId: number; row: UnitLeadersAnswer['units'][number]; admin: boolean; onSaved: (a: UnitLeadersAnswer) => void }) {
  const { row } = props;
  const [leader, setLeader] = useState(row.leader ?? '');
  const [title, setTitle] = useState(row.title ?? '');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setLeader(row.leader ?? '');
    setTitle(row.title ?? '');
  }, [row.leader, row.title]);
  const changed = leader.trim() !== (row.leader ?? '') || title.trim() !== (row.title ?? '');
  const save = async () => {
    setError(null);
    try {
      const answer = await sendJson<UnitLeadersAnswer>('PUT', `/api/campaigns/${props.campaignId}/unit-leaders/${row.unitId}`, { leader: leader.trim() || null, title: title.trim() || null });
      if (answer) props.onSaved(answer);
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <tr data-unit={row.unit}>
      <td>{row.unit}</td>
      <td>
        <input aria-label={`${row.unit}分包领导`} value={leader} maxLength={40} placeholder="未登记" disabled={!props.admin} onChange={(e) => setLeader(e.target.value)} />
      </td>
      <td>
        <input aria-label={`${row.unit}职务`} value={title} maxLength={60} placeholder="如：副县长" disabled={!props.admin} onChange={(e) => setTitle(e.target.value)} />
      </td>
      <td>
        {props.admin && (
          <button type="button" className="button button--small" disabled={!changed} onClick={() => void save()}>
            {leader.trim() || !row.leader ? '保存' : '取消登记'}
          </button>
        )}
        {error && (
          <span className="form-field__error" role="alert">
            {error}
          </span>
        )}
      </td>
    </tr>
  );
}

function LeadersTable(props: { campaignId: number; admin: boolean }) {
  const answer = useApi<UnitLeadersAnswer>(`/api/campaigns/${props.campaignId}/unit-leaders`, props.campaignId);
  const [saved, setSaved] = useState<UnitLeadersAnswer | null>(null);
  if (answer.state === 'error') return <p className="error-box" role="alert">{answer.message}</p>;
  const data = saved ?? (answer.state === 'ready' ? answer.data : null);
  if (!data) return <p className="setup-loading">正在读取分包领导…</p>;
  const missing = data.units.filter((u) => !u.leader).length;
  return (
    <section className="setup-fieldset" aria-label="分包领导">
      <legend>分包领导</legend>
      <p className="hint">每个单位的责任领导，周报表和月度通报的“分包领导”栏按此填写。{missing ? `尚有 ${missing} 个单位未登记。` : '各单位均已登记。'}</p>
      <div className="setup-table-wrap reports-table-wrap">
        <table className="setup-table reports-table leaders-table">
          <thead>
            <tr>
              <th>单位</th>
              <th>分包领导</th>
              <th>职务</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {data.units.map((row) => (
              <LeaderRow key={row.unitId} campaignId={props.campaignId} row={row} admin={props.admin} onSaved={setSaved} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function SettingsTab(props: { campaignId: number }) {
  const { user } = useSession();
  const admin = user?.role === 'admin';
  const settings = useApi<RhythmSettings>(`/api/campaigns/${props.campaignId}/rhythm`, props.campaignId);
  return (
    <section className="reports-section" data-testid="rhythm-settings">
      {settings.state === 'error' && <p className="error-box" role="alert">{settings.message}</p>}
      {settings.state === 'loading' && <p className="setup-loading">正在读取设置…</p>}
      {settings.state === 'ready' && <RhythmForm campaignId={props.campaignId} settings={settings.data} admin={admin} />}
      <LeadersTable campaignId={props.campaignId} admin={admin} />
    </section>
  );
}
