import type { Lang } from '../knowledge/types';

/**
 * The language to show a query's results in: a query with Chinese characters reads its results in Chinese
 * even in the English UI (whoever typed 梯度爆炸 reads Chinese). A Latin-only query keeps the UI's language:
 * Chinese users type English API names and terms (GradScaler, OOM) all the time and still read Chinese.
 */
export function queryLang(query: string, uiLang: Lang): Lang {
  return /\p{Script=Han}/u.test(query) ? 'zh' : uiLang;
}
