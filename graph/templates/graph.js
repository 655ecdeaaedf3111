/* casegraph view: draws the graph embedded in #cg-data with vis-network and wires the analyst
   controls (legend toggles, search, panel, co-occurrence, path, dates, physics, export).
   Corpus text reaches the DOM only through textContent / createTextNode, never as HTML. */
(function () {
  "use strict";

  const OPTIONS = {
    physics: { enabled: false, solver: "forceAtlas2Based", stabilization: { iterations: 150 } },
    layout: { improvedLayout: false },
    interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: true },
    nodes: { borderWidth: 1, font: { size: 14, face: "sans-serif" } },
    edges: { selectionWidth: 2, font: { size: 11, face: "sans-serif", align: "middle" } },
  };

  const $ = (id) => document.getElementById(id);
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  // ------------------------------------------------------------------ data and lookups

  const data = JSON.parse($("cg-data").textContent);
  // Maps, not objects: ids like "__proto__" or "constructor" stay plain keys.
  const articles = new Map(Object.entries(data.articles));
  const nodeById = new Map(data.nodes.map((n) => [n.id, n]));
  const edgeById = new Map(data.edges.map((e) => [e.id, e]));
  const byName = new Map();
  for (const n of data.nodes) {
    for (const name of [n.label, ...n.aliases]) {
      const key = name.toLowerCase();
      if (!byName.has(key)) byName.set(key, n.id);
    }
  }
  const label = (id) => (nodeById.has(id) ? nodeById.get(id).label : id);
  function articleText(id) {
    const a = articles.get(id);
    if (!a) return id;
    return a.date ? a.title + " (" + a.date + ")" : a.title;
  }
  function findNode(text) {
    const q = text.trim().toLowerCase();
    if (!q) return null;
    if (byName.has(q)) return byName.get(q);
    for (const [name, id] of byName) if (name.startsWith(q)) return id;
    for (const [name, id] of byName) if (name.includes(q)) return id;
    return null;
  }

  // Dates an item is about: its articles' dates and, for events, the event's own days.
  function nodeDates(n) {
    const dates = n.articles.map((a) => (articles.get(a) || {}).date).filter(Boolean);
    if (n.start) dates.push(n.start);
    if (n.end) dates.push(n.end);
    return dates;
  }
  const edgeDates = (e) => e.evidence.map((ev) => (articles.get(ev.article) || {}).date).filter(Boolean);

  // ------------------------------------------------------------------ tooltips

  function textBlock(rows) {
    const box = el("div", "cg-tip");
    for (const [className, text] of rows) box.appendChild(el("div", className, text));
    return box;
  }
  function limited(items, max, toRow) {
    const rows = items.slice(0, max).map(toRow);
    if (items.length > max) rows.push(["cg-tip-more", "… and " + (items.length - max) + " more"]);
    return rows;
  }
  function nodeTooltip(n) {
    const rows = [
      ["cg-tip-title", n.label],
      ["cg-tip-meta", n.type + " · " + plural(n.mentions, "mention", "mentions") + " in " +
        plural(n.articles.length, "article", "articles")],
    ];
    const others = n.aliases.filter((a) => a !== n.label);
    if (others.length) rows.push(["cg-tip-meta", "Also: " + others.join("; ")]);
    return textBlock(rows.concat(limited(n.articles, data.tooltip.max_items, (id) => ["cg-tip-item", articleText(id)])));
  }
  function edgeTooltip(e) {
    const rows = [
      ["cg-tip-title", e.role ? e.kind + " (" + e.role + ")" : e.kind],
      ["cg-tip-meta", label(e.from) + (e.typed ? " → " : " — ") + label(e.to)],
      ["cg-tip-meta", plural(e.weight, "piece", "pieces") + " of evidence in " + plural(e.articles, "article", "articles")],
    ];
    return textBlock(rows.concat(limited(e.evidence, data.tooltip.max_items,
      (ev) => ["cg-tip-item", "“" + ev.text + "” — " + articleText(ev.article)])));
  }

  // ------------------------------------------------------------------ the side panel

  const panel = $("cg-panel");
  function clearPanel() {
    while (panel && panel.firstChild) panel.removeChild(panel.firstChild);
  }
  // The sentence as text nodes, with every name of the given entities wrapped in <mark>.
  function highlighted(sentence, ids) {
    const names = [];
    for (const id of ids) {
      const n = nodeById.get(id);
      if (n) for (const name of [n.label, ...n.aliases]) if (name.length > 1) names.push(name.toLowerCase());
    }
    names.sort((a, b) => b.length - a.length);
    const lower = sentence.toLowerCase();
    const box = el("blockquote", "cg-evidence");
    let i = 0;
    while (i < sentence.length) {
      let hit = null;
      for (const name of names) {
        if (lower.startsWith(name, i)) { hit = name; break; }
      }
      if (hit) {
        box.appendChild(el("mark", null, sentence.slice(i, i + hit.length)));
        i += hit.length;
      } else {
        let j = i + 1;
        while (j < sentence.length && !names.some((name) => lower.startsWith(name, j))) j++;
        box.appendChild(document.createTextNode(sentence.slice(i, j)));
        i = j;
      }
    }
    return box;
  }
  function evidenceList(e) {
    const list = el("ol", "cg-evidence-list");
    for (const ev of e.evidence) {
      const item = el("li");
      item.appendChild(highlighted(ev.text, [e.from, e.to]));
      const source = el("div", "cg-source", articleText(ev.article) + " · " + ev.rule);
      if (ev.modality && ev.modality !== "asserted") source.appendChild(el("span", "cg-modality", " · " + ev.modality));
      item.appendChild(source);
      list.appendChild(item);
    }
    return list;
  }
  function showNode(id) {
    const n = nodeById.get(id);
    if (!panel || !n) return;
    clearPanel();
    panel.appendChild(el("h2", null, n.label));
    panel.appendChild(el("p", "cg-meta", n.type + (n.start ? " · " + n.start + (n.end && n.end !== n.start ? " to " + n.end : "") : "")));
    const others = n.aliases.filter((a) => a !== n.label);
    if (others.length) panel.appendChild(el("p", "cg-aliases", "Also: " + others.join("; ")));
    panel.appendChild(el("h3", null, "Articles"));
    const arts = el("ul");
    for (const a of n.articles) arts.appendChild(el("li", null, articleText(a)));
    panel.appendChild(arts);
    if (n.claims.length) {
      panel.appendChild(el("h3", null, "Figures"));
      const figs = el("ul", "cg-claims");
      for (const c of n.claims) {
        const item = el("li", null, (c.qualifier ? c.qualifier + " " : "") + c.value.toLocaleString("en") + " " + c.measure + (c.date ? " (" + c.date + ")" : ""));
        item.appendChild(highlighted(c.text, [n.id]));
        figs.appendChild(item);
      }
      panel.appendChild(figs);
    }
    const groups = new Map();
    for (const e of data.edges) {
      if (e.from !== id && e.to !== id) continue;
      if (!groups.has(e.kind)) groups.set(e.kind, []);
      groups.get(e.kind).push(e);
    }
    for (const [kind, edges] of [...groups].sort((a, b) => a[0].localeCompare(b[0]))) {
      const details = el("details", "cg-group");
      details.open = kind !== "coOccursWith";
      details.appendChild(el("summary", null, kind + " (" + edges.length + ")"));
      for (const e of edges) {
        const other = e.from === id ? e.to : e.from;
        const head = el("div", "cg-link", (e.from === id ? "→ " : "← ") + label(other) + (e.role ? " — " + e.role : ""));
        details.appendChild(head);
        details.appendChild(evidenceList(e));
      }
      panel.appendChild(details);
    }
  }
  function showEdge(id) {
    const e = edgeById.get(id);
    if (!panel || !e) return;
    clearPanel();
    panel.appendChild(el("h2", null, e.kind + (e.role ? " (" + e.role + ")" : "")));
    panel.appendChild(el("p", "cg-meta", label(e.from) + (e.typed ? " → " : " — ") + label(e.to)));
    panel.appendChild(el("p", "cg-meta", "Supported by " + plural(e.articles, "article", "articles") + ", " + plural(e.weight, "sentence", "sentences")));
    panel.appendChild(evidenceList(e));
  }
  function showMessage(text) {
    if (!panel) return;
    clearPanel();
    panel.appendChild(el("p", "cg-hint", text));
  }

  // ------------------------------------------------------------------ drawing and filters

  const container = $("cg-network");
  if (!container || data.nodes.length === 0) {
    window.casegraph = { data: data, network: null };
    return;
  }
  const nodes = new vis.DataSet(data.nodes.map((n) =>
    Object.assign({}, n.vis, { id: n.id, label: n.label, x: n.x, y: n.y, title: nodeTooltip(n) })));
  const edges = new vis.DataSet(data.edges.map((e) =>
    Object.assign({}, e.vis, { id: e.id, from: e.from, to: e.to, title: edgeTooltip(e) })));
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, OPTIONS);

  const state = { hiddenTypes: new Set(), cooc: $("cg-cooc").checked, from: "", to: "", focus: null, path: null };
  const dates = data.nodes.flatMap(nodeDates).sort();
  if (dates.length) {
    for (const input of [$("cg-date-from"), $("cg-date-to")]) {
      input.min = dates[0];
      input.max = dates[dates.length - 1];
    }
  }
  function inRange(list) {
    if (!state.from && !state.to) return true;
    if (!list.length) return true; // undated: never hidden by the date filter
    return list.some((d) => (!state.from || d >= state.from) && (!state.to || d <= state.to));
  }
  function nodeVisible(n) {
    return !state.hiddenTypes.has(n.type) && inRange(nodeDates(n));
  }
  function edgeVisible(e, visibleNodes) {
    return visibleNodes.has(e.from) && visibleNodes.has(e.to) && (e.typed || state.cooc) && inRange(edgeDates(e));
  }
  // One place decides what is shown; only items whose visibility changed are sent to
  // vis-network, so a filter on a large graph does not redraw what it did not touch.
  const shownNodes = new Map(data.nodes.map((n) => [n.id, true]));
  const shownEdges = new Map(data.edges.map((e) => [e.id, true]));
  function apply() {
    const visible = new Set(data.nodes.filter(nodeVisible).map((n) => n.id));
    const nodeChanges = [];
    for (const n of data.nodes) {
      const on = visible.has(n.id);
      if (shownNodes.get(n.id) !== on) {
        shownNodes.set(n.id, on);
        nodeChanges.push({ id: n.id, hidden: !on });
      }
    }
    const edgeChanges = [];
    for (const e of data.edges) {
      const on = edgeVisible(e, visible);
      if (shownEdges.get(e.id) !== on) {
        shownEdges.set(e.id, on);
        edgeChanges.push({ id: e.id, hidden: !on });
      }
    }
    if (nodeChanges.length) nodes.update(nodeChanges);
    if (edgeChanges.length) edges.update(edgeChanges);
    highlight();
  }
  // The focused entity with its neighbours, or the path, as vis-network's selection.
  function highlight() {
    if (state.path) {
      network.setSelection({ nodes: state.path.nodes, edges: state.path.edges }, { highlightEdges: false });
    } else if (state.focus) {
      const around = [...neighbourhood(state.focus)].filter((id) => shownNodes.get(id));
      const links = data.edges.filter((e) => shownEdges.get(e.id) &&
        (e.from === state.focus || e.to === state.focus)).map((e) => e.id);
      network.setSelection({ nodes: around, edges: links }, { highlightEdges: false });
    }
  }
  function neighbourhood(id) {
    const around = new Set([id]);
    for (const e of data.edges) {
      if (!(e.typed || state.cooc)) continue;
      if (e.from === id) around.add(e.to);
      if (e.to === id) around.add(e.from);
    }
    return around;
  }

  // Shortest path (fewest links) over visible typed links, optionally co-occurrence too.
  function shortestPath(start, goal, viaCooc) {
    const visible = new Set(data.nodes.filter((n) => shownNodes.get(n.id)).map((n) => n.id));
    const next = new Map();
    for (const e of data.edges) {
      if (!(e.typed || viaCooc) || !visible.has(e.from) || !visible.has(e.to)) continue;
      for (const [a, b] of [[e.from, e.to], [e.to, e.from]]) {
        if (!next.has(a)) next.set(a, []);
        next.get(a).push([b, e.id]);
      }
    }
    const back = new Map([[start, null]]);
    const queue = [start];
    while (queue.length) {
      const here = queue.shift();
      if (here === goal) break;
      for (const [there, edge] of next.get(here) || []) {
        if (!back.has(there)) {
          back.set(there, [here, edge]);
          queue.push(there);
        }
      }
    }
    if (!back.has(goal)) return null;
    const path = { nodes: [goal], edges: [] };
    for (let step = back.get(goal); step; step = back.get(step[0])) {
      path.nodes.unshift(step[0]);
      path.edges.unshift(step[1]);
    }
    return path;
  }

  // ------------------------------------------------------------------ controls

  const names = $("cg-names");
  for (const n of [...data.nodes].sort((a, b) => a.label.localeCompare(b.label))) {
    const option = document.createElement("option");
    option.value = n.label;
    names.appendChild(option);
  }
  function focusOn(id) {
    state.focus = id;
    state.path = null;
    highlight();
    network.focus(id, { scale: 1.2, animation: false });
    showNode(id);
  }
  $("cg-controls").addEventListener("submit", (event) => event.preventDefault());
  $("cg-search").addEventListener("change", (event) => {
    const id = findNode(event.target.value);
    if (id) focusOn(id);
    else showMessage("No entity is called “" + event.target.value + "”.");
  });
  $("cg-search").addEventListener("keydown", (event) => {
    if (event.key === "Enter") $("cg-search").dispatchEvent(new Event("change"));
  });
  for (const button of document.querySelectorAll(".cg-toggle")) {
    button.addEventListener("click", () => {
      const type = button.dataset.type;
      if (state.hiddenTypes.has(type)) state.hiddenTypes.delete(type);
      else state.hiddenTypes.add(type);
      button.setAttribute("aria-pressed", String(!state.hiddenTypes.has(type)));
      apply();
    });
  }
  $("cg-cooc").addEventListener("change", (event) => {
    state.cooc = event.target.checked;
    apply();
  });
  for (const [id, key] of [["cg-date-from", "from"], ["cg-date-to", "to"]]) {
    $(id).addEventListener("change", (event) => {
      state[key] = event.target.value;
      apply();
    });
  }
  $("cg-path").addEventListener("click", () => {
    const a = findNode($("cg-from").value);
    const b = findNode($("cg-to").value);
    if (!a || !b) return showMessage("Pick two entities by name for a path.");
    const path = shortestPath(a, b, $("cg-path-cooc").checked);
    state.focus = null;
    state.path = path;
    if (!path) {
      network.unselectAll();
      return showMessage("No path between " + label(a) + " and " + label(b) + " over the links shown.");
    }
    highlight();
    clearPanel();
    panel.appendChild(el("h2", null, "Path: " + plural(path.edges.length, "link", "links")));
    const list = el("ol", "cg-path");
    path.nodes.forEach((id, i) => {
      list.appendChild(el("li", null, label(id)));
      if (i < path.edges.length) {
        const e = edgeById.get(path.edges[i]);
        list.appendChild(el("li", "cg-path-link", e.kind + (e.role ? " (" + e.role + ")" : "")));
      }
    });
    panel.appendChild(list);
  });
  $("cg-physics").addEventListener("change", (event) => network.setOptions({ physics: { enabled: event.target.checked } }));
  $("cg-fit").addEventListener("click", () => network.fit({ animation: false }));
  function download(name, href) {
    const link = el("a");
    link.href = href;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }
  $("cg-png").addEventListener("click", () => download("casegraph.png", container.querySelector("canvas").toDataURL("image/png")));
  function csvCell(value) {
    const text = value === null || value === undefined ? "" : String(value);
    // A leading = + - @ would run as a formula in a spreadsheet.
    const safe = /^[=+\-@\t\r]/.test(text) ? "'" + text : text;
    return '"' + safe.replace(/"/g, '""') + '"';
  }
  function visibleCsv() {
    const rows = [["record", "id", "label_or_kind", "type_or_from", "to", "role", "articles"]];
    for (const n of nodes.get({ filter: (x) => !x.hidden })) {
      const d = nodeById.get(n.id);
      rows.push(["entity", d.id, d.label, d.type, "", "", d.articles.length]);
    }
    for (const e of edges.get({ filter: (x) => !x.hidden })) {
      const d = edgeById.get(e.id);
      rows.push(["link", d.id, d.kind, label(d.from), label(d.to), d.role, d.articles]);
    }
    return rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
  }
  $("cg-csv").addEventListener("click", () => {
    const url = URL.createObjectURL(new Blob([visibleCsv()], { type: "text/csv" }));
    download("casegraph.csv", url);
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });
  network.on("click", (params) => {
    if (params.nodes.length) {
      state.focus = params.nodes[0];
      state.path = null;
      highlight();
      showNode(params.nodes[0]);
    } else if (params.edges.length) {
      state.focus = null;
      state.path = null;
      showEdge(params.edges[0]);
    } else {
      state.focus = null;
      state.path = null;
    }
  });

  const handle = { data: data, network: network, nodes: nodes, edges: edges, drawnAt: null,
                   focusOn: focusOn, shortestPath: shortestPath, visibleCsv: visibleCsv };
  network.once("afterDrawing", () => { handle.drawnAt = performance.now(); });
  apply();
  network.fit({ animation: false });
  // The handle browser tests and the benchmark read.
  window.casegraph = handle;
})();
