// A simple pager for a server-paged list: previous, "page x of y", next.
import { useTranslation } from 'react-i18next';

type PagerProps = {
  page: number;
  size: number;
  total: number;
  /** The position in words, e.g. "Page 2 of 5 · 480 changes". */
  position: (pages: number) => string;
  onPage: (page: number) => void;
};

export function Pager({ page, size, total, position, onPage }: PagerProps) {
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / size));
  return (
    <nav className="pager toolbar" aria-label={t('review.pager.label')}>
      <button
        type="button"
        disabled={page <= 1}
        onClick={() => {
          onPage(page - 1);
        }}
      >
        {t('review.pager.previous')}
      </button>
      <span role="status">{position(pages)}</span>
      <button
        type="button"
        disabled={page >= pages}
        onClick={() => {
          onPage(page + 1);
        }}
      >
        {t('review.pager.next')}
      </button>
    </nav>
  );
}
