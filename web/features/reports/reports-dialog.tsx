/**
 * 报表: the campaign's reports on the desk — 周报表 (with the units' submissions), 任务分解表, 月度通报, 节点考核, 重点案件,
 * and 分包与设置 (the weekly deadline, the ranking start, the reports' footer, each unit's leader).
 */
import { useState } from 'react';
import { todayInChina } from '../../../core/dates.ts';
import { KeyCasesTab } from './key-cases-tab.tsx';
import { MilestonesTab } from './milestones-tab.tsx';
import { MonthlyTab } from './monthly-tab.tsx';
import { SettingsTab } from './settings-tab.tsx';
import { WeeklyTab } from './weekly-tab.tsx';
import './reports.css';
import { SheetDialog } from '../campaign-setup/sheet-dialog.tsx';

const TABS = [
  ['weekly', '周报表'],
  ['tasks', '任务分解表'],
  ['monthly', '月度通报'],
  ['milestones', '节点考核'],
  ['key-cases', '重点案件'],
  ['settings', '分包与设置'],
] as const;
export type ReportTab = (typeof TABS)[number][0];

function TasksTab(props: { campaignId: number }) {
  const [date, setDate] = useState('');
  return (
    <section className="reports-section">
      <div className="reports-toolbar">
        <label>
          盘活面积统计至
          <input type="date" value={date} max={todayInChina()} onChange={(e) => setDate(e.target.value)} />
        </label>
        <a className="button" href={`/api/campaigns/${props.campaignId}/reports/tasks${date ? `?date=${date}` : ''}`} download>
          下载任务分解表（附件2、附件3）.xlsx
        </a>
      </div>
      <p className="setup-summary">按文件格式列出各单位的批准、供应、未供面积与下达任务，填入统计日的盘活面积、完成率与排名；只含本专项行动统计的任务类型。不选日期则统计至今日（已结束的专项行动统计至结束日）。</p>
    </section>
  );
}

export function ReportsDialog(props: { campaignId: number; campaignName: string; initialTab?: ReportTab; onClose: () => void }) {
  const [tab, setTab] = useState<ReportTab>(props.initialTab ?? 'weekly');
  return (
    <SheetDialog
      testId="reports"
      title={
        <>
          报表<span className="setup-dialog__name">{props.campaignName}</span>
        </>
      }
      header={
        <nav className="segmented" aria-label="报表">
          {TABS.map(([key, label]) => (
            <button key={key} type="button" aria-pressed={tab === key} onClick={() => setTab(key)}>
              {label}
            </button>
          ))}
        </nav>
      }
      onClose={props.onClose}
    >
      {tab === 'weekly' && <WeeklyTab campaignId={props.campaignId} />}
      {tab === 'tasks' && <TasksTab campaignId={props.campaignId} />}
      {tab === 'monthly' && <MonthlyTab campaignId={props.campaignId} />}
      {tab === 'milestones' && <MilestonesTab campaignId={props.campaignId} />}
      {tab === 'key-cases' && <KeyCasesTab campaignId={props.campaignId} />}
      {tab === 'settings' && <SettingsTab campaignId={props.campaignId} />}
    </SheetDialog>
  );
}
