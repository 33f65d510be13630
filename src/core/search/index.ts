/** Public API of the search core (vscode-free, Node-free). */
export * from './types';
export { KnowledgeSearch, INDEX_FORMAT } from './knowledgeSearch';
export { tokenize, normalizeText, isCjkTerm } from '../text/tokenizer';
export { makeSnippet, matchRanges } from './snippet';
export { createCardMatcher, type CardMatcher } from './cardMatcher';
export { queryLang } from './queryLang';
