import { ROLE_LABELS } from '../../core/roles.ts';
import type { SessionUser } from '../auth/types.ts';
import { ApiError } from '../http/errors.ts';

/** Setting up a campaign changes what every unit is measured against: admins only. */
export function requireAdmin(user: SessionUser | null): SessionUser {
  if (!user) throw new ApiError(401, 'unauthenticated', '请先登录');
  if (user.role !== 'admin') throw new ApiError(403, 'forbidden', `只有管理员可以设置专项行动，您的角色是${ROLE_LABELS[user.role]}`);
  return user;
}
