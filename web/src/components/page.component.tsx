// A page's frame: its <h1> and description, the document title, and focus on the heading after an in-app navigation.
import { Stack, Text, Title } from '@mantine/core';
import { useEffect, useId, useRef } from 'react';
import { NavigationType, useNavigationType } from 'react-router';

import type { ReactNode } from 'react';

type PageProps = {
  title: string;
  /** The document title when it differs from the heading (e.g. a settings sub-page: "Gebruikers – Instellingen"). */
  documentTitle?: string;
  /** What the page is for, in a sentence under the heading. */
  description?: string;
  children?: ReactNode;
};

export function Page({ title, documentTitle, description, children }: PageProps) {
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const navigationType = useNavigationType();

  useEffect(() => {
    document.title = `${documentTitle ?? title} – crmhub`;
  }, [title, documentTitle]);

  useEffect(() => {
    // After a link or redirect (not the first load or back/forward), screen-reader and keyboard users land at the new
    // page's start instead of on a link that may be gone.
    if (navigationType !== NavigationType.Pop) heading.current?.focus();
    // Only when the page appears: a sub-page change keeps focus where the user is.
  }, []);

  return (
    <Stack component="section" className="page" aria-labelledby={headingId} gap="md">
      <Title order={1} id={headingId} ref={heading} tabIndex={-1} fz={{ base: 'h2', sm: 'h1' }}>
        {title}
      </Title>
      {description === undefined ? null : (
        <Text c="dimmed" className="page-description">
          {description}
        </Text>
      )}
      {children}
    </Stack>
  );
}
