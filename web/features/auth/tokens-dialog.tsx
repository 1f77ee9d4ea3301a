/**
 * 访问令牌: a person's personal access tokens for QGIS, ArcGIS Pro and GDAL (OGC API – Features at /ogc, vector
 * tiles at /tiles). A new token is shown once, with how to connect; the list shows each token's name, rights and use,
 * and revokes one at a click.
 */
import { useState } from 'react';
import type { TokenInfo } from '../../../server/auth/tokens.ts';
import { sendJson } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { timestampZh } from '../../format.ts';
import { SheetDialog } from '../campaign-setup/sheet-dialog.tsx';

const SCOPES: Record<TokenInfo['scope'], string> = { read: '只读', read_write: '读写' };
const when = (iso: string | null) => (iso ? timestampZh(iso) : '—');
const stateOf = (t: TokenInfo) => (t.revokedAt ? '已撤销' : new Date(t.expiresAt) < new Date() ? '已过期' : '有效');

export function TokensDialog(props: { onClose: () => void }) {
  const [revision, setRevision] = useState(0);
  const result = useApi<{ tokens: TokenInfo[] }>(`/api/auth/tokens?r=${revision}`);
  const [name, setName] = useState('');
  const [scope, setScope] = useState<TokenInfo['scope']>('read');
  const [days, setDays] = useState(90);
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const ogcUrl = `${window.location.origin}/ogc`;

  const create = async () => {
    setError(null);
    try {
      const answer = await sendJson<{ token: string }>('POST', '/api/auth/tokens', { name: name.trim(), scope, days });
      setCreated(answer!.token);
      setName('');
      setRevision((r) => r + 1);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const revoke = async (id: number) => {
    setError(null);
    try {
      await sendJson('DELETE', `/api/auth/tokens/${id}`);
      setRevision((r) => r + 1);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <SheetDialog testId="tokens-dialog" narrow title="访问令牌（GIS 软件连接）" onClose={props.onClose}>
      <div className="setup-step">
        <p className="setup-summary">
          QGIS、ArcGIS Pro 和 GDAL 用令牌连接 OGC API – Features（<code className="tokens-url">{ogcUrl}</code>）与矢量瓦片：认证选“基本认证（Basic）”，用户名填您的用户名，密码填令牌；
          或发送 <code>Authorization: Bearer 令牌</code>。读写令牌按您的角色和负责单位修改地块，每次修改记入地块历史。令牌不能用于网页的登录会话。
        </p>
        <form
          className="tokens-form"
          onSubmit={(e) => {
            e.preventDefault();
            void create();
          }}
        >
          <label>
            名称
            <input value={name} maxLength={60} required placeholder="如：QGIS 办公室电脑" onChange={(e) => setName(e.target.value)} />
          </label>
          <label>
            权限
            <select value={scope} onChange={(e) => setScope(e.target.value as TokenInfo['scope'])}>
              <option value="read">只读</option>
              <option value="read_write">读写</option>
            </select>
          </label>
          <label>
            有效期
            <select value={days} onChange={(e) => setDays(Number(e.target.value))}>
              {[30, 90, 180, 365].map((d) => (
                <option key={d} value={d}>
                  {d} 天
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button button--small" disabled={!name.trim()}>
            新建令牌
          </button>
        </form>
        {created && (
          <div className="tokens-created" role="status" data-testid="new-token">
            <strong>新令牌（只显示这一次，请立即复制保存）：</strong>
            <code>{created}</code>
            <button type="button" className="button button--small button--quiet" onClick={() => void navigator.clipboard?.writeText(created)}>
              复制
            </button>
          </div>
        )}
        {error && (
          <p className="error-box" role="alert">
            {error}
          </p>
        )}
        {result.state === 'error' && (
          <p className="error-box" role="alert">
            {result.message}
          </p>
        )}
        {result.state === 'ready' && (
          <section className="setup-sheet">
            {result.data.tokens.length === 0 ? (
              <p className="setup-empty">尚无令牌。</p>
            ) : (
              <div className="setup-table-wrap">
                <table className="setup-table">
                  <thead>
                    <tr>
                      <th>名称</th>
                      <th>令牌开头</th>
                      <th>权限</th>
                      <th>创建</th>
                      <th>到期</th>
                      <th>最近使用</th>
                      <th>状态</th>
                      <th />
                    </tr>
                  </thead>
                  <tbody>
                    {result.data.tokens.map((t) => (
                      <tr key={t.id}>
                        <td>{t.name}</td>
                        <td>
                          <code>{t.prefix}…</code>
                        </td>
                        <td>{SCOPES[t.scope]}</td>
                        <td>{when(t.createdAt)}</td>
                        <td>{when(t.expiresAt)}</td>
                        <td>{when(t.lastUsedAt)}</td>
                        <td>
                          <span className={`badge ${stateOf(t) === '有效' ? '' : 'badge--bad'}`}>{stateOf(t)}</span>
                        </td>
                        <td>
                          {!t.revokedAt && (
                            <button type="button" className="link-button tokens-revoke" onClick={() => void revoke(t.id)}>
                              撤销
                            </button>
                          )}
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
