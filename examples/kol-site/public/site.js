// The KOL page: reads an article of the platform through the API (with the storefront key) and
// puts a buy button under its first product card; the sidebar's button (written in index.html) is
// the featured product. A button for a card carries the card's link token as `ref`, so the sale is
// traced to the card (and its author).
(function () {
  'use strict';
  var meta = function (name) {
    return document.querySelector('meta[name="' + name + '"]').content;
  };
  var api = meta('sc-api');
  var key = meta('sc-key');
  var slug = meta('sc-article');
  var QUERY =
    'query($slug: String!) { article(slug: $slug) { title summary coverImageUrl author { name } blocks { __typename id' +
    ' ... on HeadingBlock { level text } ... on ParagraphBlock { spans { text bold italic link } }' +
    ' ... on QuoteBlock { spans { text } source } ... on ImageBlock { url alt caption }' +
    ' ... on ProductCardBlock { pitch linkToken item { product { slug name } } } } } }';

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }
  function button(card, placement) {
    var b = document.createElement('sc-buy-button');
    b.setAttribute('product', card.item.product.slug);
    b.setAttribute('key', key);
    if (card.linkToken) b.setAttribute('ref', card.linkToken);
    b.setAttribute('placement', placement);
    b.setAttribute('lang', document.documentElement.lang);
    return b;
  }

  fetch(api + '/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-storefront-key': key },
    body: JSON.stringify({ query: QUERY, variables: { slug: slug } }),
  })
    .then(function (res) {
      return res.json();
    })
    .then(function (body) {
      var article = body.data && body.data.article;
      var root = document.getElementById('article');
      root.replaceChildren();
      root.removeAttribute('aria-busy');
      if (!article) {
        root.append(el('p', 'The article is not available: ' + JSON.stringify(body.errors || null)));
        return;
      }
      root.append(el('h1', article.title), el('p', '作者 ' + article.author.name, 'byline'));
      var cards = 0;
      article.blocks.forEach(function (block) {
        if (block.__typename === 'HeadingBlock') root.append(el('h' + Math.min(6, block.level + 1), block.text));
        else if (block.__typename === 'ParagraphBlock' || block.__typename === 'QuoteBlock') {
          var p = el(block.__typename === 'QuoteBlock' ? 'blockquote' : 'p');
          block.spans.forEach(function (span) {
            var s = el(span.link ? 'a' : span.bold ? 'strong' : span.italic ? 'em' : 'span', span.text);
            if (span.link) s.href = span.link;
            p.append(s);
          });
          root.append(p);
        } else if (block.__typename === 'ImageBlock') {
          var img = el('img');
          img.src = block.url;
          img.alt = block.alt;
          root.append(img);
        } else if (block.__typename === 'ProductCardBlock' && block.item.product) {
          cards++;
          root.append(el('p', block.pitch, 'pitch'));
          if (cards === 1) root.append(button(block, 'article-inline'));
          var featured = document.getElementById('featured');
          if (block.item.product.slug === featured.getAttribute('product') && block.linkToken) featured.setAttribute('ref', block.linkToken);
        }
      });
    })
    .catch(function (err) {
      document.getElementById('article').textContent = 'The shop cannot be reached from this site: ' + err;
    });
})();
