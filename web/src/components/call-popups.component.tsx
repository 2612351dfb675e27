// Live incoming-call pop-ups for the signed-in user: SSE stream, one card per call, browser notifications.
import { useDisclosure } from '@mantine/hooks';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { parsePopup } from '../api/callerid.api.js';
import { keepEventSource } from '../event-source.js';
import { CallMatches } from './call-matches.component.js';

import type { TFunction } from 'i18next';
import type { Popup } from '../api/callerid.api.js';

const STREAM_PATH = '/api/callerid/stream';
/** Calls kept in memory; the stack shows MAX_SHOWN of them and summarises the rest as "n more". */
const MAX_KEPT = 20;
const MAX_SHOWN = 3;
/** An ended call stays this long as a one-line summary, then leaves the stack. */
export const ENDED_LEAVE_MS = 5_000;

function notificationsSupported(): boolean {
  return typeof window.Notification === 'function';
}

export function callerText(t: TFunction, popup: Pick<Popup, 'number'>): string {
  if (popup.number.kind === 'withheld') return t('callerid.popup.withheld');
  return popup.number.display === '' ? popup.number.raw : popup.number.display;
}

function notify(t: TFunction, popup: Popup): void {
  if (!notificationsSupported() || Notification.permission !== 'granted') return;
  const best = popup.companies[0];
  const body =
    best === undefined
      ? t('callerid.popup.noMatch')
      : [...new Set([best.records[0]?.name, best.name])].filter((part) => part != null && part !== '').join(' – ');
  try {
    // The tag makes a later state of the same call replace the notification instead of adding one.
    new Notification(t('callerid.popup.notificationTitle', { number: callerText(t, popup) }), {
      body,
      tag: `crmhub-call-${popup.callId}`,
    });
  } catch {
    // Some browsers only allow notifications from a service worker; the in-page pop-up is still there.
  }
}

/** Keeps one EventSource open to the pop-up stream and calls `onPopup` for every call event. */
function usePopupStream(onPopup: (popup: Popup) => void): void {
  useEffect(() => {
    let lastEventId: string | null = null;
    return keepEventSource(
      // The browser resends Last-Event-ID on its own reconnects; after a refusal we pass it ourselves.
      () => (lastEventId === null ? STREAM_PATH : `${STREAM_PATH}?lastEventId=${encodeURIComponent(lastEventId)}`),
      (stream) => {
        stream.addEventListener('ready', (event: MessageEvent<string>) => {
          if (event.lastEventId !== '') lastEventId = event.lastEventId;
        });
        stream.addEventListener('call', (event: MessageEvent<string>) => {
          if (event.lastEventId !== '') lastEventId = event.lastEventId;
          const popup = parsePopup(event.data);
          if (popup !== null) onPopup(popup);
        });
      },
    );
  }, [onPopup]);
}

/** Publishes the stack's height as --call-popups-space so that the page can scroll every field clear of it. */
function useReservedSpace(): (element: HTMLElement | null) => void {
  const [element, setElement] = useState<HTMLElement | null>(null);
  useEffect(() => {
    if (element === null || typeof ResizeObserver !== 'function') return undefined;
    const root = document.documentElement;
    const observer = new ResizeObserver(() => {
      root.style.setProperty('--call-popups-space', `${String(Math.ceil(element.offsetHeight))}px`);
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      root.style.removeProperty('--call-popups-space');
    };
  }, [element]);
  return setElement;
}

export function CallPopups() {
  const { t } = useTranslation();
  const [popups, setPopups] = useState<Popup[]>([]);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const [permission, setPermission] = useState<NotificationPermission | 'unsupported'>(
    notificationsSupported() ? Notification.permission : 'unsupported',
  );

  const latestT = useRef(t);
  useEffect(() => {
    latestT.current = t;
  }, [t]);
  const [onPopup] = useState(() => {
    const seen = new Set<string>();
    return (popup: Popup) => {
      if (!seen.has(popup.callId)) {
        seen.add(popup.callId);
        if (popup.state !== 'ended') notify(latestT.current, popup);
      }
      // The same call id updates its card in place; a new call goes on top.
      setPopups((current) =>
        current.some((p) => p.callId === popup.callId)
          ? current.map((p) => (p.callId === popup.callId ? popup : p))
          : [popup, ...current].slice(0, MAX_KEPT),
      );
    };
  });
  usePopupStream(onPopup);

  const [expanded, expansion] = useDisclosure(false);
  const reserveRef = useReservedSpace();
  const visible = popups.filter((popup) => !dismissed.has(popup.callId));
  const shown = expanded ? visible : visible.slice(0, MAX_SHOWN);
  const hidden = visible.length - MAX_SHOWN;
  const dismiss = useCallback((callId: string): void => {
    setDismissed((current) => new Set([...current, callId]));
  }, []);
  const askPermission = (): void => {
    void Notification.requestPermission().then(setPermission);
  };

  return (
    <aside ref={reserveRef} className="call-popups" aria-label={t('callerid.popup.region')}>
      {permission === 'default' ? (
        <button type="button" className="call-popups-permission" onClick={askPermission}>
          {t('callerid.popup.notifyEnable')}
        </button>
      ) : null}
      {shown.map((popup) => (
        <CallPopup key={popup.callId} popup={popup} onDismiss={dismiss} />
      ))}
      {hidden > 0 ? (
        <button type="button" className="call-popups-more" aria-expanded={expanded} onClick={expansion.toggle}>
          {expanded ? t('callerid.popup.fewer') : t('callerid.popup.more', { count: hidden })}
        </button>
      ) : null}
    </aside>
  );
}

/** One line for an ended call: the best match, or that there was none. */
function matchSummary(t: TFunction, popup: Popup): string {
  const best = popup.companies[0];
  if (best === undefined) return t('callerid.popup.noMatch');
  return best.name ?? best.records[0]?.name ?? t('callerid.popup.noCompany');
}

function CallPopup({ popup, onDismiss }: { popup: Popup; onDismiss: (callId: string) => void }) {
  const { t } = useTranslation();
  const caller = callerText(t, popup);
  const titleId = `call-popup-${popup.callId}`;
  const ended = popup.state === 'ended';
  useEffect(() => {
    if (!ended) return undefined;
    const timer = setTimeout(() => {
      onDismiss(popup.callId);
    }, ENDED_LEAVE_MS);
    return () => {
      clearTimeout(timer);
    };
  }, [ended, onDismiss, popup.callId]);
  return (
    <article
      className={`call-popup call-popup-${popup.state}`}
      aria-labelledby={titleId}
      data-call-id={popup.callId}
      data-leaves-in-ms={ended ? ENDED_LEAVE_MS : undefined}
    >
      <div role="alert" aria-atomic="true" className="call-popup-head">
        <h2 id={titleId} className="call-popup-title">
          {t(popup.direction === 'in' ? 'callerid.popup.incoming' : 'callerid.popup.outgoing', { number: caller })}
        </h2>
        <p className="call-popup-state">
          {t(`callerid.state.${popup.state}`)}
          {popup.extension === null ? null : ` · ${t('callerid.popup.extension', { extension: popup.extension })}`}
        </p>
        {ended ? <p className="call-popup-summary">{matchSummary(t, popup)}</p> : null}
      </div>
      {ended ? null : <CallMatches companies={popup.companies} ambiguous={popup.ambiguous} />}
      <button
        type="button"
        className="call-popup-dismiss"
        onClick={() => {
          onDismiss(popup.callId);
        }}
      >
        {t('callerid.popup.dismiss')}
        <span className="visually-hidden"> {caller}</span>
      </button>
    </article>
  );
}
