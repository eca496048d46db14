import type { AppConfig, Rate } from '../config.js';

/** What a counted operation is counted against: the caller, the caller's address, or the caller's tenant. */
export type LimitScope = 'user' | 'ip' | 'tenant';

export interface OperationLimit {
  rule: RuleName;
  scope: LimitScope;
}

export type RuleName = 'sendMessage' | 'markRead' | 'search' | 'upload' | 'login' | 'register' | 'tenantMessages';

const perUserSend: OperationLimit[] = [
  { rule: 'sendMessage', scope: 'user' },
  { rule: 'tenantMessages', scope: 'tenant' },
];

/**
 * The root fields that are counted, and against what. Each occurrence of the field in an
 * operation (aliases included) costs one point of each of its rules. Adding an operation is
 * one line here; a field not named here is not counted (depth, cost and alias limits still
 * bound it).
 */
export const OPERATION_LIMITS: Readonly<Record<string, readonly OperationLimit[]>> = {
  sendMessage: perUserSend,
  forwardMessage: perUserSend,
  broadcastMessage: perUserSend,
  markRead: [{ rule: 'markRead', scope: 'user' }],
  markAllRead: [{ rule: 'markRead', scope: 'user' }],
  search: [{ rule: 'search', scope: 'user' }],
  uploadAttachment: [{ rule: 'upload', scope: 'user' }],
  login: [{ rule: 'login', scope: 'ip' }],
  register: [{ rule: 'register', scope: 'ip' }],
};

/** Each rule's rate, from the configuration. */
export function ruleRates(config: AppConfig['rateLimits']): Record<RuleName, Rate> {
  return {
    ...config.perUser,
    login: config.perIp.login,
    register: config.perIp.register,
    tenantMessages: { points: config.tenantMessagesPerDay, seconds: 86_400 },
  };
}
