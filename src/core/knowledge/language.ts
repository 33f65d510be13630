/**
 * Which language to answer in, decided once for every surface that has no editor setting to follow (the CLI
 * today; the extension's `auto` could reuse it). Order: an explicit choice, then the language the user
 * typed in (a search query), then the locale, then English.
 */
import type { Lang } from './types';

/** The POSIX locale variables, in the order that decides the messages' language. */
export interface LocaleEnv {
  LC_ALL?: string;
  LC_MESSAGES?: string;
  LANG?: string;
}

/** `zh*` in the first set of LC_ALL, LC_MESSAGES, LANG → Chinese; any other locale (or none) → English. */
export function langFromLocale(env: LocaleEnv): Lang {
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '') ?? '';
  return /^zh/i.test(locale) ? 'zh' : 'en';
}

const HAN = /\p{Script=Han}/u;
/** A word as people write English: not an identifier (`GradScaler`, `clip_grad_norm_`, `torch.amp`). */
const ENGLISH_WORD = /^[A-Za-z][a-z]*(?:'[a-z]+)?$/;

/**
 * The language a piece of text is written in: Chinese when it has Han characters, English when it has an
 * English word, undefined when it is only code names or numbers (those read the same in both).
 */
export function langOfText(text: string): Lang | undefined {
  if (HAN.test(text)) return 'zh';
  return text.split(/[\s,;:!?()"]+/).some((w) => ENGLISH_WORD.test(w)) ? 'en' : undefined;
}

export function chooseLang(opts: { explicit?: Lang; text?: string; env: LocaleEnv }): Lang {
  return opts.explicit ?? (opts.text !== undefined ? langOfText(opts.text) : undefined) ?? langFromLocale(opts.env);
}
