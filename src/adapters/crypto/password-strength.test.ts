/** The strength check refuses the passwords an attacker tries first and accepts long passphrases. */
import { describe, expect, it } from 'vitest';

import { passwordWeakness } from './password-strength.js';

describe('passwordWeakness', () => {
  it.each([
    ['            ', 'simpleRepeat'],
    ['aaaaaaaaaaaa', 'simpleRepeat'],
    ['password1234', 'similarToCommon'],
    ['qwertyuiop12', 'similarToCommon'],
  ])('refuses %j because of %s', (password, reason) => {
    expect(passwordWeakness(password, [])).toBe(reason);
  });

  it('refuses a Dutch common word with digits', () => {
    expect(passwordWeakness('wachtwoord123', [])).not.toBeNull();
  });

  it("refuses a password built from the user's own name and email", () => {
    const user = ['Marieke Zwartkop', 'marieke@zwartkop-boekhoud.nl'];
    expect(passwordWeakness('mariekezwartkop', user)).toBe('userInputs');
    expect(passwordWeakness('mariekezwartkop', [])).toBeNull();
  });

  it.each(['correct horse battery staple', 'een lang wachtwoord', 'tr0ub4dor&3xy'])('accepts %j', (password) => {
    expect(passwordWeakness(password, [])).toBeNull();
  });
});
