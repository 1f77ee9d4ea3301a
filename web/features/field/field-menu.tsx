/** The side drawer: who is signed in, the outbox of field checks, offline saving, and the way back to the desk map. */
import { useEffect, useRef } from 'react';
import { ROLE_LABELS } from '../../../core/roles.ts';
import type { CampaignDetail } from '../../api/types.ts';
import type { User } from '../auth/session.tsx';
import type { BaseLayersAnswer } from '../basemaps/use-base-layers.ts';
import { QueueItem } from './field-check-list.tsx';
import type { QueuedCheck } from './offline/db.ts';
import { syncQueue } from './offline/queue.ts';
import { OfflinePanel } from './offline-panel.tsx';

interface FieldMenuProps {
  user: User | null | undefined;
  onSignIn: () => void;
  onSignOut: () => void;
  queue: QueuedCheck[];
  campaign: CampaignDetail;
  baseLayers: BaseLayersAnswer | null;
  online: boolean;
  onOfflineSaved: () => void;
  onClose: () => void;
}

export function FieldMenu(props: FieldMenuProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => dialog.current?.showModal(), []);
  const waiting = props.queue.filter((q) => q.status === 'queued').length;
  return (
    <dialog ref={dialog} className="field-menu" aria-label="外业菜单" onClose={props.onClose}>
      <header className="field-menu__head">
        <p className="brand">
          <span className="brand__mark" aria-hidden="true">
            盘
          </span>
          盘活·外业
        </p>
        <button type="button" className="field-icon-button" aria-label="关闭菜单" onClick={() => dialog.current?.close()}>
          ×
        </button>
      </header>

      <section className="field-menu__section">
        {props.user ? (
          <p>
            {props.user.displayName} · {ROLE_LABELS[props.user.role]}
            <button type="button" className="link-button" onClick={props.onSignOut}>
              退出登录
            </button>
          </p>
        ) : (
          <p>
            未登录：可查看地块；记录的核查在登录后同步。
            <button type="button" className="button" onClick={props.onSignIn}>
              登录
            </button>
          </p>
        )}
      </section>

      <section className="field-menu__section" aria-label="同步记录">
        <h3>
          同步记录 {waiting > 0 && <span className="badge">{waiting} 条待同步</span>}
        </h3>
        {props.queue.length === 0 ? (
          <p className="hint">本机没有待同步的核查记录。</p>
        ) : (
          <>
            <ul className="field-checks" role="list">
              {props.queue.map((item) => (
                <QueueItem key={item.clientId} item={item} showParcel />
              ))}
            </ul>
            {waiting > 0 &&
              (props.online ? (
                <button type="button" className="button button--quiet" onClick={() => void syncQueue()}>
                  立即同步
                </button>
              ) : (
                <p className="hint">离线中，联网后自动同步。</p>
              ))}
          </>
        )}
      </section>

      <section className="field-menu__section">
        <OfflinePanel campaign={props.campaign} myUnitIds={props.user?.unitIds ?? []} baseLayers={props.baseLayers} online={props.online} onSaved={props.onOfflineSaved} />
      </section>

      <section className="field-menu__section">
        <a className="link-button" href={`/?campaign=${props.campaign.id}`}>
          返回桌面版地图
        </a>
      </section>
    </dialog>
  );
}
