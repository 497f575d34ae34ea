import { describe, expect, it } from 'vitest';
import { escapeControls, neutralizeWorkflowCommands } from '../../../src/report/sanitize.js';

describe('escapeControls', () => {
  it.each([
    ['a newline', 'KEY\n::error::pwned', 'KEY\\n::error::pwned'],
    ['a carriage return and tab', 'a\r\tb', 'a\\r\\tb'],
    ['an ESC sequence', '\u001b[31mred\u001b[0m', '\\x1b[31mred\\x1b[0m'],
    ['a C1 control and DEL', 'a\u009bb\u007f', 'a\\x9bb\\x7f'],
    ['a bidi override', 'abc\u202edcb', 'abc\\u202edcb'],
    ['a line separator', 'a\u2028b', 'a\\u2028b'],
    ['nothing', 'https://example.com/ä?x=1', 'https://example.com/ä?x=1'],
  ])('escapes %s', (_name, input, expected) => {
    expect(escapeControls(input)).toBe(expected);
  });
});

describe('neutralizeWorkflowCommands', () => {
  it('breaks every line that would start a workflow command, and nothing else', () => {
    const out = neutralizeWorkflowCommands('ok ::x\n::add-mask::v\n   ::error file=a::b\nlast');
    expect(out.split('\n').filter((l) => /^\s*::/.test(l))).toEqual([]);
    expect(out.replace(/\u200b/g, '')).toBe('ok ::x\n::add-mask::v\n   ::error file=a::b\nlast');
  });
});
