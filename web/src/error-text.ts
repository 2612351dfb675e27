// Turns an ApiError into a sentence in the current language, preferring our own text for known codes.
import type { TFunction } from 'i18next';
import type { ApiError } from './api.js';

const translatedCodes = [
  'invalid_credentials',
  'setup_already_done',
  'validation_failed',
  'csrf_invalid',
  'unauthenticated',
  'email_taken',
  'forbidden',
] as const;
type TranslatedCode = (typeof translatedCodes)[number];

function isTranslated(code: string): code is TranslatedCode {
  return translatedCodes.some((known) => known === code);
}

function waitMinutes(error: ApiError): number | null {
  return error.retryAfterSeconds === null ? null : Math.max(1, Math.ceil(error.retryAfterSeconds / 60));
}

export function errorText(t: TFunction, error: ApiError): string {
  if (error.code === 'too_many_attempts' || error.code === 'account_locked') {
    const minutes = waitMinutes(error);
    return minutes === null ? t(`errors.${error.code}`) : t(`errors.${error.code}_wait`, { count: minutes });
  }
  if (error.code === 'network_error') return t('errors.network');
  if (isTranslated(error.code)) return t(`errors.${error.code}`);
  return error.status >= 500 || error.message === '' ? t('errors.unknown', { status: error.status }) : error.message;
}
