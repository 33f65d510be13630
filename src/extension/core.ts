/**
 * The one place the extension imports the core's runtime API (types come straight from the type files).
 * If a core module renames something, only this file changes.
 */
export { Analyzer } from '../core/analysis/analyzer';
export { rules, getRule } from '../core/analysis/registry';
export { KnowledgeSearch } from '../core/search';
export { cardsForApi, resolveAdviceRef } from '../core/knowledge/refs';
