import assert from 'node:assert/strict';
import { stem, tokenize } from '../../../src/core/text/tokenizer';
import { makeSnippet, matchRanges, splitHighlights } from '../../../src/core/search/snippet';

describe('tokenizer', () => {
  it('turns a CJK run into character bigrams', () => {
    assert.deepEqual(tokenize('梯度爆炸'), ['梯度', '度爆', '爆炸']);
  });

  it('keeps a 1-character CJK run as the character', () => {
    assert.deepEqual(tokenize('大 GPU'), ['大', 'gpu']);
  });

  it('adds Intl.Segmenter words of 3+ characters to the bigrams', () => {
    // ICU's dictionary cuts 中华人民共和国 as 中华|人民|共和国: the 3-character word is kept whole too.
    const terms = tokenize('中华人民共和国');
    assert.ok(terms.includes('共和国'), `segmenter word missing in ${terms.join(' ')}`);
    assert.ok(terms.includes('共和') && terms.includes('和国') && terms.includes('民共'));
  });

  it('indexes documents with in-word bigrams only; queries keep every bigram', () => {
    // ICU cuts 梯度爆炸 as 梯度|爆炸: 度爆 straddles two words and is no word a query means.
    assert.deepEqual(tokenize('梯度爆炸', { document: true }), ['梯度', '爆炸']);
    assert.deepEqual(tokenize('梯度爆炸'), ['梯度', '度爆', '爆炸']);
    // A 3+ character word keeps its own bigrams and itself.
    const words = tokenize('中华人民共和国', { document: true });
    assert.ok(words.includes('共和国') && words.includes('共和') && words.includes('和国') && !words.includes('民共'), words.join(' '));
    // Characters the dictionary does not join (ICU cuts 显存不足 as 显|存|不足, rare characters one by one)
    // keep the bigrams between them, so they stay findable; 存不 (character|word) is dropped.
    assert.deepEqual(tokenize('显存不足', { document: true }), ['显存', '不足']);
    assert.deepEqual(tokenize('砼氡', { document: true }), ['砼氡']);
  });

  it('indexes a dotted API name of a document by its parts; a query keeps it whole too', () => {
    const doc = tokenize('torch.cuda.amp.GradScaler', { document: true });
    assert.deepEqual(doc, ['torch', 'cuda', 'amp', 'gradscaler']);
    assert.deepEqual(tokenize('torch.cuda.amp.GradScaler'), ['torch.cuda.amp.gradscaler', ...doc]);
    assert.deepEqual(tokenize('clip_grad_norm_', { document: true }), ['clip_grad_norm_', 'clip', 'grad', 'norm']);
  });

  it('keeps PyTorch identifiers whole and split on . and _', () => {
    assert.deepEqual(tokenize('clip_grad_norm_'), ['clip_grad_norm_', 'clip', 'grad', 'norm']);
    const full = tokenize('torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)');
    for (const t of ['torch.nn.utils.clip_grad_norm_', 'torch', 'clip_grad_norm_', 'clip', 'grad', 'norm']) assert.ok(full.includes(t), t);
  });

  it('lowercases Latin words, folds full-width forms, trims sentence dots', () => {
    assert.deepEqual(tokenize('NCCL.'), ['nccl']);
    assert.deepEqual(tokenize('ＧＰＵ'), ['gpu']);
    assert.deepEqual(tokenize('GradScaler'), ['gradscaler']);
  });

  it('splits mixed Chinese/Latin text at script boundaries', () => {
    assert.deepEqual(tokenize('loss变成nan'), ['loss', '变成', 'nan']);
    assert.deepEqual(tokenize('显存不足 OOM'), ['显存', '存不', '不足', 'oom']);
  });

  it('drops English stop words and stems inflections the same way for text and queries', () => {
    assert.deepEqual(tokenize('how to fix the exploding gradients'), ['fix', 'explod', 'gradient']);
    assert.equal(stem('leaks'), stem('leakage'));
    assert.equal(stem('clipping'), 'clip');
    assert.equal(stem('overfitting'), stem('overfit'));
    assert.equal(stem('strategies'), 'strategy');
    assert.equal(stem('regularization'), stem('regularize'));
  });

  it('splits hyphenated words and keeps the whole', () => {
    assert.deepEqual(tokenize('multi-GPU'), ['multi-gpu', 'multi', 'gpu']);
  });

  it('returns nothing for punctuation and empty text', () => {
    assert.deepEqual(tokenize(''), []);
    assert.deepEqual(tokenize('，。！？ …'), []);
  });
});

describe('snippets', () => {
  it('merges overlapping CJK bigram matches into one highlight', () => {
    assert.equal(makeSnippet('如何解决梯度爆炸问题？', ['梯度', '度爆', '爆炸']), '如何解决[[梯度爆炸]]问题？');
  });

  it('highlights whole words for stemmed Latin terms, not word middles', () => {
    assert.deepEqual(matchRanges('to prevent data leaks', ['leak']), [[16, 21]]);
    assert.deepEqual(matchRanges('bleak', ['leak']), []);
  });

  it('highlights the word the user typed, not a neighbour inflection with the same stem', () => {
    const text = 'Clip the gradients to keep them from becoming too large; it becomes unstable otherwise.';
    const at = (word: string) => [text.toLowerCase().indexOf(word), text.toLowerCase().indexOf(word) + word.length];
    assert.deepEqual(matchRanges(text, ['becom'], undefined, 'becomes'), [at('becomes')]);
    assert.deepEqual(matchRanges('keep them from becoming too large', ['becom'], undefined, 'becomes'), []);
    // What the user typed cut short or extended still counts: gradients ↔ gradient, clip → clipping.
    assert.deepEqual(matchRanges('clip the gradient', ['gradient'], undefined, 'gradients'), [[9, 17]]);
    assert.deepEqual(matchRanges('gradient clipping', ['clip'], undefined, 'clip'), [[9, 17]]);
    // Without the typed query (callers that only have terms) nothing changes.
    assert.deepEqual(matchRanges('from becoming too large', ['becom']), [[5, 13]]);
  });

  it('splits a marked snippet into clean text and highlight ranges in Unicode characters', () => {
    assert.deepEqual(splitHighlights('如何解决[[梯度爆炸]]问题？'), { text: '如何解决梯度爆炸问题？', highlights: [[4, 8]] });
    assert.deepEqual(splitHighlights('[[Gradient]] [[clipping]]: clip 😀 [[x]]'), {
      text: 'Gradient clipping: clip 😀 x',
      highlights: [[0, 8], [9, 17], [26, 27]],
    });
    assert.deepEqual(splitHighlights('no marks'), { text: 'no marks', highlights: [] });
    // Literal brackets in knowledge text are kept apart, so they never read as a highlight.
    assert.deepEqual(splitHighlights(makeSnippet('index x[[0]] here', ['here'])), { text: 'index x[ [0] ] here', highlights: [[15, 19]] });
  });

  it('cuts a window around the first match with ellipses', () => {
    const long = 'a'.repeat(200) + ' target ' + 'b'.repeat(200);
    const s = makeSnippet(long, ['target'], 60);
    assert.ok(s.startsWith('…') && s.endsWith('…') && s.includes('[[target]]'), s);
    assert.ok(s.length < 80);
  });
});
