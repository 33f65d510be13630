/** The sidebar's own UI strings, in both languages (shared by the page renderer and the webview shell). */
import type { Lang } from '../knowledge/types';

const STRINGS = {
  back: { zh: '后退', en: 'Back' },
  forward: { zh: '前进', en: 'Forward' },
  home: { zh: '首页', en: 'Home' },
  searchPlaceholder: { zh: '搜索建议（如：梯度爆炸）', en: 'Search advice (e.g. exploding gradients)' },
  searchLabel: { zh: '搜索知识库', en: 'Search the knowledge base' },
  searchResults: { zh: '搜索结果', en: 'Search results' },
  noResults: { zh: '没有找到结果', en: 'No results' },
  resultCount: { zh: '{n} 条结果', en: '{n} results' },
  switchLang: { zh: 'Switch to English', en: '切换到中文' },
  langButton: { zh: 'EN', en: '中' },
  inThisFile: { zh: '当前文件', en: 'In this file' },
  noEditor: { zh: '打开一个 Python 文件以查看提示。', en: 'Open a Python file to see its hints.' },
  noFindings: { zh: '此文件没有提示。', en: 'No hints for this file.' },
  line: { zh: '第 {n} 行', en: 'line {n}' },
  cell: { zh: '单元格 {n}', en: 'cell {n}' },
  showAdvice: { zh: '查看建议', en: 'Show advice' },
  advice: { zh: '相关建议', en: 'Advice' },
  topics: { zh: '主题', en: 'Topics' },
  /** The advice view's header (the manifest's name follows VS Code's language, this the sidebar's). */
  adviceView: { zh: '建议', en: 'Advice' },
  openInTab: { zh: '在编辑器标签页中打开', en: 'Open in editor tab' },
  copyCode: { zh: '复制代码', en: 'Copy code' },
  entries: { zh: '{n} 个问题', en: '{n} questions' },
  oneEntry: { zh: '1 个问题', en: '1 question' },
  alsoAskedAs: { zh: '也被问作', en: 'Also asked as' },
  question: { zh: '题目', en: 'Question' },
  answer: { zh: '答案', en: 'Answer' },
  techniques: { zh: '相关技术', en: 'Techniques' },
  editorNote: { zh: '编者注', en: "Editor's note" },
  corpusGap: { zh: '问答语料没有专门讲这项技术的条目，技术卡片的说明：', en: 'The Q&A has no item on this technique itself; its technique card explains it:' },
  apis: { zh: 'PyTorch API', en: 'PyTorch APIs' },
  copy: { zh: '复制', en: 'Copy' },
  copySnippet: { zh: '复制代码片段', en: 'Copy snippet' },
  insert: { zh: '插入到光标处', en: 'Insert at cursor' },
  insertSnippet: { zh: '将代码片段插入到编辑器光标处', en: 'Insert the snippet at the editor cursor' },
  rule: { zh: '规则', en: 'Rule' },
  detects: { zh: '检测内容', en: 'What it detects' },
  why: { zh: '为什么重要', en: 'Why it matters' },
  example: { zh: '触发示例', en: 'Example' },
  fixedExample: { zh: '修正后', en: 'Fixed' },
  notFound: { zh: '未找到：{n}', en: 'Not found: {n}' },
  categories: { zh: '分类', en: 'Categories' },
  copied: { zh: '已复制到剪贴板', en: 'Copied to the clipboard' },
  inserted: { zh: '已插入', en: 'Inserted' },
  noEditorToInsert: { zh: '没有可插入的编辑器', en: 'No editor to insert into' },
  loading: { zh: '加载中…', en: 'Loading…' },
  item: { zh: '第 {n} 条', en: 'item {n}' },
  entry: { zh: '问题 {n}', en: 'Question {n}' },
  otherEntries: { zh: '其他', en: 'Other' },
  homeHint: {
    zh: '在上方的“主题”列表中选择一个问题，或在这里搜索（按 /）。当前 Python 文件的提示见“当前文件”。',
    en: 'Choose a question in the Topics list above, or search here (press /). Hints for the open Python file are under “In this file”.',
  },
  recent: { zh: '最近阅读', en: 'Recently read' },
} satisfies Record<string, Record<Lang, string>>;

export type StringKey = keyof typeof STRINGS;

/** A UI string in `lang`, with `{n}` replaced. */
export function uiText(lang: Lang, key: StringKey, n?: string | number): string {
  const s = STRINGS[key][lang];
  return n === undefined ? s : s.replace('{n}', String(n));
}
