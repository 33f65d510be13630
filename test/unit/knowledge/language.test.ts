import assert from 'node:assert/strict';
import { chooseLang, langFromLocale, langOfText } from '../../../src/core/knowledge/language';

describe('the one language rule', () => {
  it('follows the locale: LC_ALL, then LC_MESSAGES, then LANG; zh* is Chinese, anything else English', () => {
    assert.equal(langFromLocale({ LANG: 'zh_CN.UTF-8' }), 'zh');
    assert.equal(langFromLocale({ LANG: 'en_US.UTF-8' }), 'en');
    assert.equal(langFromLocale({}), 'en');
    assert.equal(langFromLocale({ LANG: 'C' }), 'en');
    assert.equal(langFromLocale({ LC_ALL: 'en_GB.UTF-8', LANG: 'zh_CN.UTF-8' }), 'en');
    assert.equal(langFromLocale({ LC_MESSAGES: 'zh_TW.UTF-8', LANG: 'en_US.UTF-8' }), 'zh');
    assert.equal(langFromLocale({ LC_ALL: '', LC_MESSAGES: 'zh_CN', LANG: 'en_US' }), 'zh', 'an empty variable is unset');
  });

  it('reads the language a query is written in; code names alone say nothing', () => {
    assert.equal(langOfText('梯度爆炸'), 'zh');
    assert.equal(langOfText('out of memory'), 'en');
    assert.equal(langOfText('如何用 GradScaler'), 'zh');
    assert.equal(langOfText('GradScaler'), undefined);
    assert.equal(langOfText('torch.nn.utils.clip_grad_norm_'), undefined);
    assert.equal(langOfText('becomes'), 'en');
  });

  it('an explicit choice wins, then the text, then the locale', () => {
    assert.equal(chooseLang({ explicit: 'zh', text: 'out of memory', env: { LANG: 'en_US' } }), 'zh');
    assert.equal(chooseLang({ text: 'out of memory', env: { LANG: 'zh_CN.UTF-8' } }), 'en');
    assert.equal(chooseLang({ text: '梯度爆炸', env: { LANG: 'en_US.UTF-8' } }), 'zh');
    assert.equal(chooseLang({ text: 'GradScaler', env: { LANG: 'zh_CN.UTF-8' } }), 'zh');
    assert.equal(chooseLang({ env: { LANG: 'en_US.UTF-8' } }), 'en');
  });
});
