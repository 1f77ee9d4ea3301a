/**
 * 管理 in the top bar: 表格核对 and 监测比对 (anyone signed in), 新建专项行动, 新建年度行动, 行动范围调整, 底图设置 and 登录记录 (admins), each
 * opening its dialog.
 */
import { useState } from 'react';
import { TopbarMenu } from '../../shell/topbar-menu.tsx';
import { lazyPart } from '../../shell/lazy-part.tsx';
import { useSession } from '../auth/session.tsx';

// Each dialog loads when first opened (web/shell/lazy-part.tsx).
const SignInLogDialog = lazyPart(() => import('../auth/sign-in-log-dialog.tsx').then((m) => m.SignInLogDialog));
const BasemapDialog = lazyPart(() => import('../basemaps/basemap-dialog.tsx').then((m) => m.BasemapDialog));
const ReconciliationDialog = lazyPart(() => import('../reconciliation/reconciliation-dialog.tsx').then((m) => m.ReconciliationDialog));
const MonitoringDialog = lazyPart(() => import('./monitoring-dialog.tsx').then((m) => m.MonitoringDialog));
const NextYearDialog = lazyPart(() => import('./next-year-dialog.tsx').then((m) => m.NextYearDialog));
const ScopeDialog = lazyPart(() => import('./scope-dialog.tsx').then((m) => m.ScopeDialog));
const SetupDialog = lazyPart(() => import('./setup-dialog.tsx').then((m) => m.SetupDialog));

type Dialog = 'setup' | 'next-year' | 'scope' | 'monitoring' | 'reconciliation' | 'basemaps' | 'sign-ins';

export function CampaignSetupActions({ campaignId }: { campaignId: number }) {
  const { user } = useSession();
  const [open, setOpen] = useState<Dialog | null>(null);
  if (!user) return null;
  const choose = (close: () => void, dialog: Dialog) => {
    close();
    setOpen(dialog);
  };
  return (
    <>
      <TopbarMenu label="管理" ariaLabel="台账管理">
        {(close) => (
          <ul>
            <li>
              <button type="button" onClick={() => choose(close, 'reconciliation')}>
                表格核对
                <small>任务表合计、推算列与相互引用，以及台账与任务基数是否相符</small>
              </button>
            </li>
            <li>
              <button type="button" onClick={() => choose(close, 'monitoring')}>
                监测比对
                <small>上传监测监管系统导出的供地清单，按电子监管号与台账比对</small>
              </button>
            </li>
            {user.role === 'admin' && (
              <li>
                <button type="button" onClick={() => choose(close, 'setup')}>
                  新建专项行动
                  <small>从本单位的边界文件和任务表建立新的专项行动</small>
                </button>
              </li>
            )}
            {user.role === 'admin' && (
              <li>
                <button type="button" onClick={() => choose(close, 'next-year')}>
                  新建年度行动
                  <small>从上一年度行动结转：沿用单位，按新基准日测算范围和任务基数</small>
                </button>
              </li>
            )}
            {user.role === 'admin' && (
              <li>
                <button type="button" onClick={() => choose(close, 'scope')}>
                  行动范围调整
                  <small>人工纳入或移出本次行动的地块，写明理由，可撤销</small>
                </button>
              </li>
            )}
            {user.role === 'admin' && (
              <li>
                <button type="button" onClick={() => choose(close, 'basemaps')}>
                  底图设置
                  <small>天地图、本单位影像服务（XYZ/WMTS）和离线底图包，设默认底图</small>
                </button>
              </li>
            )}
            {user.role === 'admin' && (
              <li>
                <button type="button" onClick={() => choose(close, 'sign-ins')}>
                  登录记录
                  <small>谁在何时从哪里登录，失败的原因</small>
                </button>
              </li>
            )}
          </ul>
        )}
      </TopbarMenu>
      {open === 'setup' && <SetupDialog onClose={() => setOpen(null)} />}
      {open === 'next-year' && <NextYearDialog campaignId={campaignId} onClose={() => setOpen(null)} />}
      {open === 'scope' && <ScopeDialog campaignId={campaignId} onClose={() => setOpen(null)} />}
      {open === 'monitoring' && <MonitoringDialog campaignId={campaignId} onClose={() => setOpen(null)} />}
      {open === 'reconciliation' && <ReconciliationDialog campaignId={campaignId} onClose={() => setOpen(null)} />}
      {open === 'basemaps' && <BasemapDialog onClose={() => setOpen(null)} />}
      {open === 'sign-ins' && <SignInLogDialog onClose={() => setOpen(null)} />}
    </>
  );
}
