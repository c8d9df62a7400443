import { checkMarkup, parseMarkup } from '../../src/modules/content/markup';

const plain = (text: string) => ({ text, bold: false, italic: false, link: null });

describe('the inline markup of article text', () => {
  it('turns bold, italic and links into spans', () => {
    expect(parseMarkup('Brew **at 80°C** for *three* minutes, see [our guide](https://tea.example/brew?x=1).')).toEqual([
      plain('Brew '),
      { text: 'at 80°C', bold: true, italic: false, link: null },
      plain(' for '),
      { text: 'three', bold: false, italic: true, link: null },
      plain(' minutes, see '),
      { text: 'our guide', bold: false, italic: false, link: 'https://tea.example/brew?x=1' },
      plain('.'),
    ]);
  });

  it('nests bold and italic, also inside a link label', () => {
    expect(parseMarkup('***both*** and **bold *and italic***')).toEqual([
      { text: 'both', bold: true, italic: true, link: null },
      plain(' and '),
      { text: 'bold ', bold: true, italic: false, link: null },
      { text: 'and italic', bold: true, italic: true, link: null },
    ]);
    expect(parseMarkup('[**Buy** now](http://shop.example)')).toEqual([
      { text: 'Buy', bold: true, italic: false, link: 'http://shop.example' },
      { text: ' now', bold: false, italic: false, link: 'http://shop.example' },
    ]);
  });

  it('leaves unpaired markers, spaced stars, escapes and broken links as text', () => {
    expect(parseMarkup('5 * 3 = 15')).toEqual([plain('5 * 3 = 15')]);
    expect(parseMarkup('**not closed')).toEqual([plain('**not closed')]);
    expect(parseMarkup('\\*not italic\\* and \\[not](a link)')).toEqual([plain('*not italic* and [not](a link)')]);
    expect(parseMarkup('[label] (https://x.example) and [no url]() and [spaced](https://a b)')).toEqual([
      plain('[label] (https://x.example) and [no url]() and [spaced](https://a b)'),
    ]);
    expect(parseMarkup('line one\nline two')).toEqual([plain('line one\nline two')]);
    expect(parseMarkup('')).toEqual([]);
  });

  it('never gives a link to anything but http(s), and refuses to save one or anything like HTML', () => {
    expect(parseMarkup('[click](javascript:alert(1))')).toEqual([plain('click)')]);
    for (const span of parseMarkup('[click](javascript:alert(1)) [x](data:text/html,hi) [y](/relative)')) expect(span.link).toBeNull();
    expect(checkMarkup('[click](javascript:alert(1))')).toBe('INVALID_LINK');
    expect(checkMarkup('[x](ftp://files.example/a)')).toBe('INVALID_LINK');
    expect(checkMarkup('[x](//evil.example)')).toBe('INVALID_LINK');
    expect(checkMarkup('Hello <script>alert(1)</script>')).toBe('HTML_NOT_ALLOWED');
    expect(checkMarkup('a <b>bold</b> claim')).toBe('HTML_NOT_ALLOWED');
    expect(checkMarkup('<!-- comment -->')).toBe('HTML_NOT_ALLOWED');
    expect(checkMarkup('2 < 3 and 5 > 4, x<3')).toBeNull();
    expect(checkMarkup('**fine** [link](https://ok.example/path)')).toBeNull();
  });

  it('keeps every character of text full of brackets and stars', () => {
    const nasty = '[a](x'.repeat(1000) + '['.repeat(3000) + '*'.repeat(3000);
    expect(
      parseMarkup(nasty)
        .map((s) => s.text)
        .join('') === nasty,
    ).toBe(true);
    expect(parseMarkup('**** and ****** stay')).toEqual([plain('**** and ****** stay')]);
    expect(checkMarkup(nasty)).toBeNull();
  });
});
