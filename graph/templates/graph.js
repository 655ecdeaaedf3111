/* casegraph view: draws the graph embedded in #cg-data with vis-network.
   Corpus text reaches the DOM only through textContent, never as HTML. */
(function () {
  "use strict";

  const OPTIONS = {
    physics: { enabled: false },
    layout: { improvedLayout: false },
    interaction: { hover: true, tooltipDelay: 150 },
    nodes: { borderWidth: 1, font: { size: 14, face: "sans-serif" } },
    edges: { selectionWidth: 1, font: { size: 11, face: "sans-serif", align: "middle" } },
  };

  function readData() {
    return JSON.parse(document.getElementById("cg-data").textContent);
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  // A tooltip element from [className, text] rows; text is set with textContent only.
  function textBlock(rows) {
    const box = document.createElement("div");
    box.className = "cg-tip";
    for (const [className, text] of rows) {
      const row = document.createElement("div");
      row.className = className;
      row.textContent = text;
      box.appendChild(row);
    }
    return box;
  }

  function limited(items, max, toRow) {
    const rows = items.slice(0, max).map(toRow);
    if (items.length > max) {
      rows.push(["cg-tip-more", "… and " + (items.length - max) + " more"]);
    }
    return rows;
  }

  // Lookups go through Maps so ids like "__proto__" or "constructor" are plain keys.
  function context(data) {
    const articles = new Map(Object.entries(data.articles));
    const labels = new Map(data.nodes.map((n) => [n.id, n.label]));
    return {
      max: data.tooltip.max_items,
      article(id) {
        const a = articles.get(id);
        if (!a) return id;
        return a.date ? a.title + " (" + a.date + ")" : a.title;
      },
      label(id) {
        return labels.has(id) ? labels.get(id) : id;
      },
    };
  }

  function nodeTooltip(node, ctx) {
    const rows = [
      ["cg-tip-title", node.label],
      ["cg-tip-meta", node.type + " · " + plural(node.mentions, "mention", "mentions") +
        " in " + plural(node.articles.length, "article", "articles")],
    ];
    const others = node.aliases.filter((a) => a !== node.label);
    if (others.length) rows.push(["cg-tip-meta", "Also: " + others.join("; ")]);
    return textBlock(rows.concat(limited(node.articles, ctx.max, (id) => ["cg-tip-item", ctx.article(id)])));
  }

  function edgeTooltip(edge, ctx) {
    const kind = edge.role ? edge.kind + " (" + edge.role + ")" : edge.kind;
    const rows = [
      ["cg-tip-title", kind],
      ["cg-tip-meta", ctx.label(edge.from) + (edge.typed ? " → " : " — ") + ctx.label(edge.to)],
      ["cg-tip-meta", plural(edge.weight, "piece", "pieces") + " of evidence"],
    ];
    const evidence = (ev) => ["cg-tip-item", "“" + ev.text + "” — " + ctx.article(ev.article)];
    return textBlock(rows.concat(limited(edge.evidence, ctx.max, evidence)));
  }

  function draw(data) {
    const container = document.getElementById("cg-network");
    if (!container || data.nodes.length === 0) return null;
    const ctx = context(data);
    const nodes = data.nodes.map((n) =>
      Object.assign({}, n.vis, { id: n.id, label: n.label, x: n.x, y: n.y, title: nodeTooltip(n, ctx) }));
    const edges = data.edges.map((e) =>
      Object.assign({}, e.vis, { id: e.id, from: e.from, to: e.to, title: edgeTooltip(e, ctx) }));
    const network = new vis.Network(
      container, { nodes: new vis.DataSet(nodes), edges: new vis.DataSet(edges) }, OPTIONS);
    network.fit({ animation: false });
    return network;
  }

  const data = readData();
  // The handle later features (search, panel, filters) and browser tests build on.
  window.casegraph = { data: data, network: draw(data) };
})();
