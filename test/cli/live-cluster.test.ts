import { warningTexts } from '../../src/cli/live-cluster';

describe('warningTexts: the API server\'s Warning headers', () => {
  test('the text of each, quoted strings unescaped', () => {
    expect(warningTexts('299 - "spec.template.spec.containers[0].env[1]: hides previous definition of \\"NODE\\", which may be dropped when using apply"'))
      .toEqual(['spec.template.spec.containers[0].env[1]: hides previous definition of "NODE", which may be dropped when using apply']);
    expect(warningTexts('299 - "a back\\\\slash"')).toEqual(['a back\\slash']);
  });

  test('several in one header (joined by commas, a comma inside a text kept) or in several, with an optional date', () => {
    expect(warningTexts('299 - "one, with a comma", 299 - "two" "Wed, 02 Dec 2026 04:00:00 GMT"')).toEqual(['one, with a comma', 'two']);
    expect(warningTexts(['299 - "one"', '299 kube-apiserver "two"'])).toEqual(['one', 'two']);
  });

  test('no header, no warnings', () => {
    expect(warningTexts(undefined)).toEqual([]);
  });
});
