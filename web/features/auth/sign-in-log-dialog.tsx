/**
 * 登录记录 (admins): who signed in or tried to, when, from which address, and why a try failed — the log the server
 * keeps (GET /api/admin/sign-ins). Failures only at a click, to spot someone guessing.
 */
import { useState } from 'react';
import type { SignInLogEntry } from '../../../server/auth/sign-in.ts';
import { useApi } from '../../api/use-api.ts';
import { timestampZh } from '../../format.ts';
import { SheetDialog } from '../campaign-setup/sheet-dialog.tsx';

/** The server's own row type: the two cannot drift apart. */
type SignInEntry = SignInLogEntry;

const REASONS: Record<SignInEntry['reason'], string> = {
  ok: '成功',
  bad_password: '密码错误',
  unknown_user: '无此用户',
  account_locked: '尝试过多，已拒绝',
};

export function SignInLogDialog(props: { onClose: () => void }) {
  const [failuresOnly, setFailuresOnly] = useState(false);
  const result = useApi<{ entries: SignInEntry[] }>(`/api/admin/sign-ins?limit=200${failuresOnly ? '&failures=1' : ''}`);
  return (
    <SheetDialog testId="sign-in-log" title="登录记录" onClose={props.onClose}>
      <div className="setup-step">
        <p className="setup-summary">
          最近 200 次登录（新的在前）。同一账户 15 分钟内最多核对 5 次密码；同一地址多次失败后每次登录需等待更久，但不会被拒绝。
          <label style={{ marginLeft: '1em' }}>
            <input type="checkbox" checked={failuresOnly} onChange={(e) => setFailuresOnly(e.target.checked)} /> 只看失败
          </label>
        </p>
        {result.state === 'loading' && <p className="setup-loading">正在读取…</p>}
        {result.state === 'error' && (
          <p className="error-box" role="alert">
            {result.message}
          </p>
        )}
        {result.state === 'ready' && (
          <section className="setup-sheet">
            {result.data.entries.length === 0 ? (
              <p className="setup-empty">尚无登录记录。</p>
            ) : (
              <div className="setup-table-wrap">
                <table className="setup-table">
                  <thead>
                    <tr>
                      <th>时间</th>
                      <th>用户名</th>
                      <th>姓名</th>
                      <th>地址</th>
                      <th>结果</th>
                    </tr>
                  </thead>
                  <tbody>
                    {result.data.entries.map((e) => (
                      <tr key={e.id}>
                        <td>{timestampZh(e.at)}</td>
                        <td>{e.username}</td>
                        <td>{e.displayName ?? '—'}</td>
                        <td>{e.address}</td>
                        <td>
                          <span className={`badge ${e.success ? '' : 'badge--bad'}`}>{REASONS[e.reason]}</span>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        )}
      </div>
    </SheetDialog>
  );
}
