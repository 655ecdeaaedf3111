/* casegraph view, part 1: DOM helpers. Corpus text enters the DOM only as text nodes. */
(function (cg) {
  "use strict";

  // An element with the given properties (className, type, title, ...) and children; string
  // children become text nodes, so markup in them stays literal text.
  cg.el = function (tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(props || {})) {
      if (name === "dataset") Object.assign(node.dataset, value);
      else node[name] = value;
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(typeof child === "string" || typeof child === "number"
        ? document.createTextNode(String(child)) : child);
    }
    return node;
  };

  // ``text`` with the spans ([start, end, node]) of the given nodes wrapped in <mark>.
  cg.marked = function (text, spans, nodes) {
    const out = document.createDocumentFragment();
    let at = 0;
    for (const [start, end, node] of spans) {
      if (!nodes.has(node) || start < at) continue;
      if (start > at) out.appendChild(document.createTextNode(text.slice(at, start)));
      const mark = document.createElement("mark");
      mark.textContent = text.slice(start, end);
      out.appendChild(mark);
      at = end;
    }
    if (at < text.length) out.appendChild(document.createTextNode(text.slice(at)));
    return out;
  };

  cg.plural = function (n, one, many) {
    return n.toLocaleString("en") + " " + (n === 1 ? one : many);
  };

  // Case- and accent-insensitive form for search.
  cg.normalise = function (text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  };

  cg.articleText = function (article) {
    return article.date ? article.title + " (" + article.date + ")" : article.title;
  };

  // Start a download of ``href`` (a data: or blob: URL) under ``name``.
  cg.download = function (href, name) {
    const link = cg.el("a", { href: href, download: name });
    document.body.appendChild(link);
    link.click();
    link.remove();
  };
})(window.casegraphParts = window.casegraphParts || {});
