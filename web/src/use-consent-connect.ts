// Sending a form that connects through another system's consent page: keep what was typed, then go to that page.
import { useMutation } from '@tanstack/react-query';

import { apiErrorOf } from './use-api-mutation.js';

import type { FieldValues, UseFormReturn } from 'react-hook-form';

/** `draft` keeps the values across the consent page (a failed consent must not make the user type it all again). */
export function useConsentConnect<I extends FieldValues>(
  form: UseFormReturn<I>,
  draft: { save: (values: I) => void },
  start: (input: I) => Promise<{ authorizationUrl: string }>,
) {
  const connect = useMutation({
    mutationFn: (input: I) => {
      draft.save(input);
      return start(input);
    },
    onSuccess: (started) => {
      // The other system sends the browser back to the settings after its consent page.
      window.location.assign(started.authorizationUrl);
    },
  });
  const onSubmit = (): void => {
    void form.handleSubmit((input) => {
      connect.mutate(input);
    })();
  };
  return { connect, error: apiErrorOf(connect), onSubmit };
}
