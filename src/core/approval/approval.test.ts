import { describe, expect, it } from 'vitest';

import { changeEvents, changeStates, isClearChange, nextChangeState, statesAccepting } from './approval.js';

describe('change state machine', () => {
  it('walks the normal paths', () => {
    expect(nextChangeState('pending', 'approve')).toBe('approved');
    expect(nextChangeState('approved', 'apply')).toBe('applied');
    expect(nextChangeState('approved', 'conflict')).toBe('conflict');
    expect(nextChangeState('conflict', 'approve')).toBe('approved');
    expect(nextChangeState('approved', 'fail')).toBe('failed');
    expect(nextChangeState('failed', 'approve')).toBe('approved');
    expect(nextChangeState('pending', 'reject')).toBe('rejected');
  });

  it('never leaves a final state', () => {
    for (const final of ['applied', 'rejected', 'superseded'] as const) {
      for (const event of changeEvents) expect(nextChangeState(final, event), `${final} ${event}`).toBeNull();
    }
  });

  it('refuses applying a change nobody approved', () => {
    expect(nextChangeState('pending', 'apply')).toBeNull();
    expect(statesAccepting('apply')).toEqual(['approved']);
  });

  it('lists, for each event, exactly the states whose table accepts it', () => {
    for (const event of changeEvents) {
      for (const state of changeStates) {
        expect(statesAccepting(event).includes(state)).toBe(nextChangeState(state, event) !== null);
      }
    }
  });
});

describe('isClearChange', () => {
  it('is a clear exactly when the change would empty the field', () => {
    expect(isClearChange({ newValue: null })).toBe(true);
    expect(isClearChange({ newValue: 'NL820471616B01' })).toBe(false);
  });
});
