// A page's frame: its <h1>, the document title, and focus on the heading after an in-app navigation.
import { useEffect, useId, useRef } from 'react';

import { hasUserNavigated } from '../router.js';

import type { ReactNode } from 'react';

export function Page({ title, children }: { title: string; children?: ReactNode }) {
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    document.title = `${title} – crmhub`;
  }, [title]);

  useEffect(() => {
    // Screen-reader and keyboard users land at the new page's start instead of on a link that may be gone.
    if (hasUserNavigated()) heading.current?.focus();
  }, []);

  return (
    <section className="page" aria-labelledby={headingId}>
      <h1 id={headingId} ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {children}
    </section>
  );
}
