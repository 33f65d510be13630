/**
 * The knowledge model shared by the parser, the search index, the CLI, the extension and the webview.
 * Everything here is plain data (JSON-serializable) so the build can parse once and ship the result.
 */

/** The two languages every piece of user-facing text exists in. */
export type Lang = 'zh' | 'en';

/** A text in both languages. Either side may be empty only while a pack is incomplete (validation warns). */
export interface Localized {
  zh: string;
  en: string;
}

/** Where something came from, for error messages and editor diagnostics. 1-based line. */
export interface SourceLocation {
  file: string;
  line: number;
}

/**
 * A reference to advice: `"9#5"` is item 5 of entry 9 of the built-in corpus, `"9"` the whole entry.
 * Entries from a team pack are keyed `"<packId>:<number>"`, so a reference reads `"team:3#2"`.
 */
export type AdviceRef = string;

export interface ParsedAdviceRef {
  /** Entry key: `"9"` for the built-in corpus, `"team:3"` for a pack. */
  entryKey: string;
  /** Item number, or null for the whole entry. */
  item: number | null;
}

/** One numbered answer item: the unit of advice. */
export interface Item {
  number: number;
  /** The bold term, e.g. zh `梯度裁剪`, en `Gradient clipping`. */
  term: Localized;
  /** The English term the zh source gives in parentheses (`Gradient Clipping`), when it gives one. */
  englishTerm: string | null;
  /** Markdown body after the term. */
  body: Localized;
  /** LaTeX formulas found in the item (`\[ … \]` blocks), in source order, without delimiters. */
  formulas: string[];
  /** Where the item starts in each language's file. */
  location: { zh?: SourceLocation; en?: SourceLocation };
}

export interface Entry {
  /** `"9"` for built-in entries, `"<packId>:9"` for pack entries. Unique across the knowledge base. */
  key: string;
  /** The number in its own file (`#### 9. …`). */
  number: number;
  /** `"builtin"` or the pack id. */
  source: string;
  title: Localized;
  question: Localized;
  items: Item[];
  /** Category ids (from the taxonomy) this entry belongs to. */
  categories: string[];
  /**
   * Keys of near-duplicate entries (found by content similarity at build time), not including itself.
   * Results group them as "also asked as".
   */
  variants: string[];
  /** The key of the representative of this entry's variant group (the lowest-numbered one). */
  canonical: string;
  location: { zh?: SourceLocation; en?: SourceLocation };
}

export interface Category {
  id: string;
  name: Localized;
  description: Localized;
  /** Entry keys in display order. */
  entries: string[];
  /**
   * How people describe the topic's problem when no technique name comes to mind (`显卡不够用`,
   * `limited compute`), any language: search boosts the category's entries for them. Optional key.
   */
  keywords?: string[];
}

/** A technique card: connects search words and PyTorch APIs to the corpus items that discuss a technique. */
export interface TechniqueCard {
  /** kebab-case id, e.g. `gradient-clipping`. */
  id: string;
  name: Localized;
  /** One or two sentences on what the technique is. */
  summary: Localized;
  /** Words people search with, any language (`多卡`, `OOM`, `loss 变成 nan`, `warmup`). */
  keywords: string[];
  /** Fully qualified PyTorch (or ecosystem) APIs; a trailing `.*` matches a module (`torch.optim.lr_scheduler.*`). */
  apis: string[];
  /** A short runnable Python snippet. */
  snippet: string;
  /** Corpus items that discuss it, best first. */
  advice: AdviceRef[];
  /**
   * Analysis rule ids (`grad-clip`) whose hovers and rule pages also cite this card's advice: how a team pack
   * points a rule to its own items. Optional key `rules:`; absent on cards that do not use it.
   */
  rules?: string[];
  /**
   * An editorial note shown beside the quote of each listed corpus item (keys `notes:` with item refs,
   * `note.zh:`, `note.en:`), where the corpus text is misleading and must stay byte-exact. Optional.
   */
  note?: CardNote;
  source: string;
  location: SourceLocation;
}

/** A card's editorial note: the items it is about (`4#4`) and the text, in both languages. */
export interface CardNote {
  refs: AdviceRef[];
  text: Localized;
}

export interface ValidationIssue {
  file: string;
  /** 1-based. */
  line: number;
  severity: 'error' | 'warning';
  message: string;
}

/** The whole parsed, validated knowledge base. */
export interface KnowledgeBase {
  entries: Entry[];
  categories: Category[];
  cards: TechniqueCard[];
  /** Problems found while parsing/validating. A broken file contributes issues, never an exception. */
  issues: ValidationIssue[];
}

/** A Markdown file handed to the parser. The core never touches the file system: callers read files. */
export interface KnowledgeFile {
  /** Path used in error messages (relative to the knowledge root or absolute for packs). */
  path: string;
  text: string;
}
