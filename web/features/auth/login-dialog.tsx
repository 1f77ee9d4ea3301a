/** The sign-in dialog: a native <dialog> (focus trap, Esc to close) with the server's own Chinese error messages. */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client.ts';
import { useSession } from './session.tsx';

export function LoginDialog({ onClose }: { onClose: () => void }) {
  const { login } = useSession();
  const dialog = useRef<HTMLDialogElement>(null);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!username.trim() || !password) {
      setError('请输入用户名和密码');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await login(username.trim(), password);
      onClose();
    } catch (e) {
      setError(loginError(e));
      setBusy(false);
    }
  };

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="login-title" onClose={onClose}>
      <form className="dialog__form" onSubmit={submit}>
        <h2 id="login-title">登录盘活</h2>
        <label className="form-field">
          <span>用户名</span>
          <input name="username" autoComplete="username" autoFocus value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label className="form-field">
          <span>密码</span>
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error && (
          <p className="error-box" role="alert">
            {error}
          </p>
        )}
        <div className="dialog__actions">
          <button type="button" className="button button--quiet" onClick={onClose}>
            取消
          </button>
          <button type="submit" className="button" disabled={busy}>
            {busy ? '正在登录…' : '登录'}
          </button>
        </div>
      </form>
    </dialog>
  );
}

function loginError(error: unknown): string {
  if (!(error instanceof ApiError)) return '登录失败，请稍后重试';
  if (error.status === 401) return '用户名或密码错误，请重新输入';
  // The server says how long to wait; keep its words.
  if (error.status === 429) return error.message || '登录失败次数过多，请稍后再试';
  return error.message;
}
