/** The top bar's account corner: 登录 when signed out; name, role, 访问令牌 and 退出 when signed in. */
import { useState } from 'react';
import { ROLE_LABELS } from '../../../core/roles.ts';
import { LoginDialog } from './login-dialog.tsx';
import { TokensDialog } from './tokens-dialog.tsx';
import { useSession } from './session.tsx';
import './auth.css';

export function UserMenu() {
  const { user, logout } = useSession();
  const [open, setOpen] = useState(false);
  const [tokensOpen, setTokensOpen] = useState(false);
  if (user === undefined) return null;
  if (user === null) {
    return (
      <>
        <button type="button" className="button button--small user-menu__login" onClick={() => setOpen(true)}>
          登录
        </button>
        {open && <LoginDialog onClose={() => setOpen(false)} />}
      </>
    );
  }
  return (
    <div className="user-menu" data-testid="user-menu">
      <span className="user-menu__name" title={user.username}>
        {user.displayName}
      </span>
      <span className="tag">{ROLE_LABELS[user.role]}</span>
      <button type="button" className="link-button" title="QGIS、ArcGIS Pro、GDAL 连接用的个人访问令牌" onClick={() => setTokensOpen(true)}>
        访问令牌
      </button>
      {tokensOpen && <TokensDialog onClose={() => setTokensOpen(false)} />}
      <button type="button" className="link-button" onClick={() => void logout()}>
        退出
      </button>
    </div>
  );
}
