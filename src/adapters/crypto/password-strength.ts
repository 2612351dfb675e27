/** Password strength by zxcvbn-ts with English, Dutch and common dictionaries: refuses common and repetitive passwords. */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';
import * as dutch from '@zxcvbn-ts/language-nl-be';

/** zxcvbn's 0–4 score; 3 means "safely unguessable" (about 10^10 guesses), the least an account password needs. */
const MIN_SCORE = 3;

/**
 * Why a password is too weak: zxcvbn's warning key (`common`, `simpleRepeat`, `straightRow`, …; without translations
 * it returns plain keys), or `weak` when it has no more specific reason. The web words each key in the reader's language.
 */
export type WeaknessReason = string;

let estimator: ZxcvbnFactory | null = null;

/** Built on first use: loading the dictionaries takes a moment that processes which never set a password skip. */
function passwordEstimator(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary, ...dutch.dictionary },
    graphs: common.adjacencyGraphs,
  });
  return estimator;
}

/** Null when the password is strong enough; otherwise the reason. `context` holds words the user would pick (name, email). */
export function passwordWeakness(password: string, context: readonly string[]): WeaknessReason | null {
  const contextWords = context.flatMap((value) => value.toLowerCase().split(/[^\p{L}\p{N}]+/u)).filter(Boolean);
  const result = passwordEstimator().check(password, [...contextWords, 'crmhub']);
  if (result.score >= MIN_SCORE) return null;
  return result.feedback.warning ?? 'weak';
}
