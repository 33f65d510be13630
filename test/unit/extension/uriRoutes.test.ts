import assert from 'node:assert/strict';
import { routeUri } from '../../../src/extension/uriRoutes';

describe('extension: URI handler routes', () => {
  it('routes advice refs (encoded #), rules and searches', () => {
    assert.deepEqual(routeUri('/advice', 'ref=9%235'), { command: 'trainingAdvisor.openAdvice', arg: '9#5' });
    assert.deepEqual(routeUri('/advice/', 'ref=team:3%232'), { command: 'trainingAdvisor.openAdvice', arg: 'team:3#2' });
    assert.deepEqual(routeUri('/rule', 'id=grad-clip'), { command: 'trainingAdvisor.showRuleDocs', arg: 'grad-clip' });
    assert.deepEqual(routeUri('/search', 'q=%E6%A2%AF%E5%BA%A6%E7%88%86%E7%82%B8'), { command: 'trainingAdvisor.search', arg: '梯度爆炸' });
  });

  it('refuses unknown paths and malformed arguments', () => {
    assert.equal(routeUri('/advice', ''), null);
    assert.equal(routeUri('/advice', 'ref=9%235%3Cscript%3E'), null);
    assert.equal(routeUri('/rule', 'id=../../etc'), null);
    assert.equal(routeUri('/other', 'ref=9'), null);
  });
});
