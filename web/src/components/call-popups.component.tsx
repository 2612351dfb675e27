// Live incoming-call pop-ups for the signed-in user: SSE stream, one card per call, browser notifications.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { parsePopup } from '../api/callerid.api.js';
import { CallMatches } from './call-matches.component.js';

import type { TFunction } from 'i18next';
import type { Popup } from '../api/callerid.api.js';

const STREAM_PATH = '/api/callerid/stream';
/** After the server refused the stream (EventSource gives up), try again this much later. */
const RETRY_MS = 10_000;
const MAX_POPUPS = 5;

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
    let source: EventSource | null = null;
    let lastEventId: string | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;

    const open = (): void => {
      // The browser resends Last-Event-ID on its own reconnects; after a refusal we pass it ourselves.
      const url = lastEventId === null ? STREAM_PATH : `${STREAM_PATH}?lastEventId=${encodeURIComponent(lastEventId)}`;
      const stream = new EventSource(url, { withCredentials: true });
      source = stream;
      stream.addEventListener('ready', (event: MessageEvent<string>) => {
        if (event.lastEventId !== '') lastEventId = event.lastEventId;
      });
      stream.addEventListener('call', (event: MessageEvent<string>) => {
        if (event.lastEventId !== '') lastEventId = event.lastEventId;
        const popup = parsePopup(event.data);
        if (popup !== null) onPopup(popup);
      });
      stream.onerror = () => {
        if (stream.readyState !== EventSource.CLOSED || stopped) return;
        retry = setTimeout(open, RETRY_MS);
      };
    };
    open();
    return () => {
      stopped = true;
      if (retry !== null) clearTimeout(retry);
      source?.close();
    };
  }, [onPopup]);
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
          : [popup, ...current].slice(0, MAX_POPUPS),
      );
    };
  });
  usePopupStream(onPopup);

  const visible = popups.filter((popup) => !dismissed.has(popup.callId));
  const dismiss = (callId: string): void => {
    setDismissed((current) => new Set([...current, callId]));
  };
  const askPermission = (): void => {
    void Notification.requestPermission().then(setPermission);
  };

  return (
    <aside className="call-popups" aria-label={t('callerid.popup.region')}>
      {permission === 'default' ? (
        <button type="button" className="call-popups-permission" onClick={askPermission}>
          {t('callerid.popup.notifyEnable')}
        </button>
      ) : null}
      {visible.map((popup) => (
        <CallPopup
          key={popup.callId}
          popup={popup}
          onDismiss={() => {
            dismiss(popup.callId);
          }}
        />
      ))}
    </aside>
  );
}

function CallPopup({ popup, onDismiss }: { popup: Popup; onDismiss: () => void }) {
  const { t } = useTranslation();
  const caller = callerText(t, popup);
  const titleId = `call-popup-${popup.callId}`;
  return (
    <article className={`call-popup call-popup-${popup.state}`} aria-labelledby={titleId} data-call-id={popup.callId}>
      <div role="alert" aria-atomic="true">
        <h2 id={titleId} className="call-popup-title">
          {t(popup.direction === 'in' ? 'callerid.popup.incoming' : 'callerid.popup.outgoing', { number: caller })}
        </h2>
        <p className="call-popup-state">
          {t(`callerid.state.${popup.state}`)}
          {popup.extension === null ? null : ` · ${t('callerid.popup.extension', { extension: popup.extension })}`}
        </p>
      </div>
      <CallMatches companies={popup.companies} ambiguous={popup.ambiguous} />
      <button type="button" className="call-popup-dismiss" onClick={onDismiss}>
        {t('callerid.popup.dismiss')}
        <span className="visually-hidden"> {caller}</span>
      </button>
    </article>
  );
}
