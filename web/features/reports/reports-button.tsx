/** The top bar's 报表 button; the dialog loads when first opened. */
import { useState } from 'react';
import { lazyPart } from '../../shell/lazy-part.tsx';

const ReportsDialog = lazyPart(() => import('./reports-dialog.tsx').then((m) => m.ReportsDialog));

export function ReportsButton(props: { campaignId: number; campaignName: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="topbar-action" aria-pressed={open} title="周报表、任务分解表、月度通报、节点考核、重点案件、分包与设置" onClick={() => setOpen(true)}>
        报表
      </button>
      {open && <ReportsDialog campaignId={props.campaignId} campaignName={props.campaignName} onClose={() => setOpen(false)} />}
    </>
  );
}
