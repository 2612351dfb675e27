import { describe } from 'vitest';

import { validateEmail } from './email.js';
import { validatorCases } from './testing.js';

describe('validateEmail', () => {
  validatorCases(validateEmail, {
    accepts: [
      ['info@bakkerij-jansen.nl', 'info@bakkerij-jansen.nl'],
      [' Info@Bakkerij-Jansen.NL ', 'Info@bakkerij-jansen.nl'],
      ['mailto:jan.de.vries@example.com', 'jan.de.vries@example.com'],
      ["o'brien+crm@sub.example.co.uk", "o'brien+crm@sub.example.co.uk"],
      ['info@bäckerei.de', 'info@bäckerei.de'],
      ['a@xn--bckerei-wxa.de', 'a@xn--bckerei-wxa.de'],
    ],
    rejects: [
      ['', 'empty'],
      ['   ', 'empty'],
      ['a@x.nl; b@x.nl', 'multiple_addresses'],
      ['a@x.nl, b@x.nl', 'multiple_addresses'],
      ['jan de vries@x.nl', 'contains_spaces'],
      ['info.bakkerij.nl', 'missing_at'],
      ['a@b@c.nl', 'multiple_at'],
      ['@x.nl', 'invalid_local_part'],
      ['.jan@x.nl', 'invalid_local_part'],
      ['jan..piet@x.nl', 'invalid_local_part'],
      ['"jan"@x.nl', 'invalid_local_part'],
      [`${'a'.repeat(65)}@x.nl`, 'invalid_local_part'],
      ['jan@', 'invalid_domain'],
      ['jan@localhost', 'invalid_domain'],
      ['jan@x.n', 'invalid_domain'],
      ['jan@x.123', 'invalid_domain'],
      ['jan@-x.nl', 'invalid_domain'],
      ['jan@x..nl', 'invalid_domain'],
      ['jan@x_y.nl', 'invalid_domain'],
      [`a@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.${'e'.repeat(63)}.nl`, 'too_long'],
    ],
  });
});
