/** Public API of the knowledge core (vscode-free, Node-free). */
export * from './types';
export { localize } from './localize';
export { buildKnowledgeBase, type BuildOptions } from './buildKnowledgeBase';
export { parseAdviceRef, formatAdviceRef, resolveAdviceRef, cardsForApi, apiCentrality, cardsForRef, findEntry, apiMatches, adviceForRule, notesForRef, noteText } from './refs';
export { similarEntryPairs, assignVariants, VARIANT_THRESHOLD, type SimilarPair } from './variants';
export { parseQaFile, qaFileKind, splitTerm, extractFormulas } from './parseQa';
