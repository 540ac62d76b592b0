import { ReactNode } from 'react';
import { ApiError } from '../api/client';
import { MessageKey, useI18n } from '../i18n';

export function Spinner({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <div className="loading" role="status" aria-live="polite" data-testid="loading">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('common.loading')}
    </div>
  );
}

export function EmptyState({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <div className="empty" data-testid={testId ?? 'empty'}>
      {children}
    </div>
  );
}

const KIND_MESSAGES: Record<ApiError['kind'], MessageKey> = {
  expired: 'errors.expired',
  unauthenticated: 'errors.unauthenticated',
  forbidden: 'errors.forbidden',
  'bad-input': 'errors.badInput',
  unavailable: 'errors.unavailable',
  network: 'errors.network',
  unsupported: 'errors.unsupported',
  other: 'errors.other',
};

/** An error in words: what happened, and the gateway's own message for the details. */
export function ErrorMessage({ error }: { error: unknown }) {
  const { t } = useI18n();
  const apiError = error instanceof ApiError ? error : new ApiError('other', String((error as Error)?.message ?? error));
  return (
    <div className="error" role="alert" data-testid="error" data-kind={apiError.kind}>
      {t(KIND_MESSAGES[apiError.kind], { message: apiError.message, field: apiError.field ?? '' })}
    </div>
  );
}

export function PartialWarning({ messages }: { messages: string[] }) {
  const { t } = useI18n();
  if (messages.length === 0) return null;
  return (
    <div className="warning" role="status">
      {t('errors.partial', { message: messages.join('; ') })}
    </div>
  );
}
