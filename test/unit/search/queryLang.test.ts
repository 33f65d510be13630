import assert from 'node:assert/strict';
import { queryLang } from '../../../src/core/search/queryLang';

describe('search: the language a query is read in', () => {
  it('a query with Chinese characters reads in Chinese, also in the English UI', () => {
    assert.equal(queryLang('梯度爆炸', 'en'), 'zh');
    assert.equal(queryLang('GradScaler 怎么用', 'en'), 'zh');
    assert.equal(queryLang('显存不足', 'zh'), 'zh');
  });
  it('a Latin-only query keeps the UI language (Chinese users type API names too)', () => {
    assert.equal(queryLang('OOM', 'en'), 'en');
    assert.equal(queryLang('GradScaler', 'zh'), 'zh');
    assert.equal(queryLang('', 'en'), 'en');
    assert.equal(queryLang('ｏｏｍ', 'en'), 'en');
  });
});
