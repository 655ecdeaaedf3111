/* casegraph view, main part: draws the graph embedded in #cg-data with vis-network and wires
   the controls. Corpus text reaches the DOM only through text nodes, never as HTML. */
(function (cg) {
  "use strict";

  // Above this many links, drawing favours speed: straight lines, no hover effects, and links
  // hidden while dragging or zooming.
  const LARGE = 2000;
  // No label is drawn smaller than this on screen (vis-network fades a label between
  // drawThreshold - 1 and drawThreshold pixels and skips it below).
  const MIN_LABEL_PX = 11;
  const THRESHOLD = { drawThreshold: MIN_LABEL_PX + 1, maxVisible: 40 };
  const PHYSICS = {
    enabled: true,
    solver: "forceAtlas2Based",
    stabilization: false,
    forceAtlas2Based: { gravitationalConstant: -60, springLength: 100, avoidOverlap: 0.4 },
  };
  const FIT_PADDING = 14; // screen pixels around the fitted drawing
  const $ = (id) => document.getElementById(id);

  function options(style, large) {
    return {
      physics: { enabled: false },
      layout: { improvedLayout: false },
      interaction: large
        ? { hover: false, tooltipDelay: 200, hideEdgesOnDrag: true, hideEdgesOnZoom: true, zoomSpeed: 0.6 }
        : { hover: true, tooltipDelay: 200, zoomSpeed: 0.6 },
      nodes: {
        borderWidth: 1, borderWidthSelected: 3,
        font: { size: style.font_size, face: "sans-serif", strokeWidth: 3, strokeColor: "#ffffff" },
        scaling: { label: THRESHOLD },
      },
      edges: {
        selectionWidth: 2,
        font: { size: 13, face: "sans-serif", align: "middle", strokeWidth: 3, strokeColor: "#ffffff" },
      },
    };
  }

  function visEdge(edge, j, model, style, large, shown) {
    const ends = model.nodes[edge.from].label + (edge.typed ? " → " : " — ") + model.nodes[edge.to].label;
    const item = {
      id: j, from: edge.from, to: edge.to, width: edge.width, hidden: !shown,
      title: edge.kind + (edge.inferred ? " (inferred)" : "") + (edge.role ? " (" + edge.role + ")" : "") +
        "\n" + ends + "\n" + cg.plural(edge.articles.length, "article", "articles"),
    };
    if (edge.typed) {
      // an arrow and the kind as label; curved so it does not hide a co-occurrence line
      const color = edge.inferred ? style.inferred : style.typed;
      return Object.assign(item, {
        arrows: "to", label: edge.kind, dashes: edge.inferred ? [2, 4] : false,
        color: { color: color, highlight: style.highlight, hover: style.highlight },
        smooth: large ? false : { enabled: true, type: "curvedCW", roundness: 0.2 },
      });
    }
    return Object.assign(item, {
      dashes: true, smooth: false,
      color: { color: style.cooccurrence, highlight: style.highlight, hover: style.highlight },
    });
  }

  function start(data) {
    const container = $("cg-network");
    if (!container || data.nodes.length === 0) return null;
    const model = new cg.Model(data);
    const style = data.style;
    const filters = new cg.Filters(model, { showCooccurrence: $("cg-cooccurrence").checked });
    const looks = new Map(data.types.map((t) => [t.type, t]));
    const large = data.edges.length > LARGE;
    const view = { measure: style.size_measure, colour: "type" };
    const colourOf = (i) => {
      const n = data.nodes[i];
      if (view.colour === "group") return n.group === null ? style.ungrouped : data.groups[n.group].color;
      return looks.get(n.type).color;
    };
    const visNode = (i) => {
      const n = data.nodes[i];
      const color = colourOf(i);
      return {
        id: i, label: n.lines.join("\n"), x: n.x, y: n.y, size: n.sizes[view.measure], shape: looks.get(n.type).shape,
        hidden: !filters.nodeShown[i],
        color: { background: color, border: "#333333", highlight: { background: color, border: style.highlight },
          hover: { background: color, border: style.highlight } },
        title: n.label + "\n" + n.type + " · " + cg.plural(n.mentions, "mention", "mentions") + " · " +
          cg.plural(n.measures.degree, "typed neighbour", "typed neighbours"),
      };
    };
    const nodeSet = new vis.DataSet(data.nodes.map((_, i) => visNode(i)));
    const edgeSet = new vis.DataSet(data.edges.map((e, j) => visEdge(e, j, model, style, large, filters.edgeShown[j])));
    const network = new vis.Network(container, { nodes: nodeSet, edges: edgeSet }, options(style, large));
    const app = {
      data: data, model: model, filters: filters, network: network, nodes: nodeSet, edges: edgeSet,
      drawnAt: null, path: null, paths: [], pinned: new Map(), view: view,
      selectedNode: null, selectedEdge: null,
    };
    network.once("afterDrawing", () => { app.drawnAt = performance.now(); });

    // --- labels: never below 11 px; zoomed far out, the most important nodes keep theirs ---
    const ranked = {};
    for (const m of style.measures) {
      ranked[m] = data.nodes.map((_, i) => i).sort((a, b) =>
        data.nodes[b].measures[m] - data.nodes[a].measures[m] || a - b);
    }
    let boosted = new Map(); // node -> font size given
    app.updateLabels = function () {
      const scale = network.getScale();
      const wanted = new Map();
      if (style.font_size * scale < MIN_LABEL_PX) {
        const shown = ranked[view.measure].filter((i) => filters.nodeShown[i]);
        const keep = Math.min(shown.length, Math.max(5, Math.round(shown.length * 0.05)), 60);
        const size = Math.round(((MIN_LABEL_PX + 1.5) / scale) * 10) / 10;
        for (const i of shown.slice(0, keep)) wanted.set(i, size);
      }
      const changes = [];
      for (const [i, size] of wanted) {
        const had = boosted.get(i);
        if (!had || Math.abs(had - size) / size > 0.04) changes.push({ id: i, font: { size: size } });
        else wanted.set(i, had);
      }
      for (const i of boosted.keys()) if (!wanted.has(i)) changes.push({ id: i, font: { size: style.font_size } });
      boosted = wanted;
      if (changes.length) nodeSet.update(changes);
    };
    app.labelSizes = function () {
      // [node, on-screen font px, drawn?] for every shown node, as vis-network draws them
      const scale = network.getScale();
      return network.body.nodeIndices.map((id) => {
        const node = network.body.nodes[id];
        return [Number(id), node.labelModule.fontOptions.size * scale, node.labelModule.visible()];
      });
    };

    // --- fitting: the whole drawing (labels included) with a small margin, in the part of the
    // chart the card leaves free ---
    app.fit = function (only) {
      const ids = only || network.body.nodeIndices;
      if (!ids.length) return;
      if (boosted.size) { // labels enlarged for a far zoom must not count in the fit
        nodeSet.update([...boosted.keys()].map((i) => ({ id: i, font: { size: style.font_size } })));
        boosted = new Map();
      }
      network.body.emitter.emit("_resizeNodes");
      let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
      for (const id of ids) {
        const node = network.body.nodes[id];
        const box = node.shape.boundingBox;
        const label = node.labelModule.size; // not in every shape's box
        x0 = Math.min(x0, box.left, label.left); x1 = Math.max(x1, box.right, label.left + label.width);
        y0 = Math.min(y0, box.top, label.top); y1 = Math.max(y1, box.bottom, label.top + label.height);
      }
      const covered = $("cg-panel").hidden ? 0 : $("cg-panel").offsetWidth;
      const width = container.clientWidth - covered - 2 * FIT_PADDING;
      const height = container.clientHeight - 2 * FIT_PADDING;
      const scale = Math.min(width / Math.max(x1 - x0, 1), height / Math.max(y1 - y0, 1), 2);
      const centre = { x: (x0 + x1) / 2 + covered / 2 / scale, y: (y0 + y1) / 2 };
      network.moveTo({ position: centre, scale: scale, animation: false });
      app.updateLabels();
    };

    // --- what is shown ---
    // Items shown whatever the filters say: a highlighted path (until cleared) and an item
    // reached from the panel (until the filters change).
    const pins = { path: [new Set(), new Set()], visit: [new Set(), new Set()] };
    app.refresh = function () {
      filters.pinnedNodes = new Set([...pins.path[0], ...pins.visit[0]]);
      filters.pinnedEdges = new Set([...pins.path[1], ...pins.visit[1]]);
      filters.apply(nodeSet, edgeSet);
      app.updateLabels();
      worldMap.update(filters, new Set(network.getSelectedNodes().map(Number)), app.lookOf);
      focusState();
    };
    function filtersChanged() {
      pins.visit = [new Set(), new Set()];
      app.refresh();
      app.changed();
    }
    function reveal(nodes, edges) {
      const hidden = nodes.some((i) => !filters.nodeShown[i]) || edges.some((j) => !filters.edgeShown[j]);
      if (!hidden) return;
      nodes.forEach((i) => pins.visit[0].add(i));
      edges.forEach((j) => pins.visit[1].add(j));
      app.refresh();
    }
    app.lookOf = (i) => ({ size: data.nodes[i].sizes[view.measure], color: colourOf(i) });

    // Pinned nodes stay where they were dropped; unpinned ones go back to the layout.
    app.placePins = function (pinned) {
      const changes = [];
      for (const i of app.pinned.keys()) {
        if (!pinned.has(i)) changes.push({ id: i, x: data.nodes[i].x, y: data.nodes[i].y, fixed: false });
      }
      for (const [i, [x, y]] of pinned) changes.push({ id: i, x: x, y: y, fixed: true });
      app.pinned = pinned;
      if (changes.length) nodeSet.update(changes);
    };
    const moves = new cg.Moves(app, (canUndo, canRedo) => {
      $("cg-undo").disabled = !canUndo;
      $("cg-redo").disabled = !canRedo;
    });
    app.moves = moves;

    // --- selection and the card ---
    const panel = new cg.Panel(model, $("cg-panel"), $("cg-panel-body"), {
      focusNode: (i) => app.focusNode(i),
      showEdge: (j) => app.showEdge(j),
      nodeActions: (i) => nodeActions(i),
    });
    function nodeActions(i) {
      const hops = Number($("cg-focus-hops").value);
      const expandable = moves.expanded(i);
      const actions = [
        ["Focus " + hops + (hops === 1 ? " hop" : " hops"), () => app.focusOn(i, hops), "focus"],
        expandable ? ["Collapse", () => { moves.collapse(i); panel.showNode(i); }, "collapse"]
          : ["Expand", () => { moves.expand(i); panel.showNode(i); }, "expand"],
        ["Hide", () => { moves.hide(i); app.clearSelection(); }, "hide"],
        app.pinned.has(i) ? ["Unpin", () => { moves.unpin(i); panel.showNode(i); }, "unpin"] : null,
        data.nodes[i].group !== null ? ["Select group", () => app.selectGroup(data.nodes[i].group), "group"] : null,
      ];
      return actions.filter(Boolean);
    }
    function select(nodes, edges) {
      network.setSelection({ nodes: nodes, edges: edges }, { unselectAll: true, highlightEdges: false });
      worldMap.update(filters, new Set(nodes), app.lookOf);
    }
    // Select the node with its shown neighbours and links, open its card, and (unless it was
    // clicked where it is) centre the view on it.
    app.focusNode = function (i, move) {
      reveal([i], []);
      const edges = model.incident[i].filter((j) => filters.edgeShown[j]);
      const nodes = [i, ...edges.map((j) => model.other(j, i))];
      select(nodes, edges);
      app.selectedNode = i;
      app.selectedEdge = null;
      panel.showNode(i);
      if (move !== false) { // centred in the part of the chart the card leaves free
        const scale = Math.max(network.getScale(), 1);
        const p = network.getPosition(i);
        const covered = $("cg-panel").offsetWidth;
        network.moveTo({ position: { x: p.x + covered / 2 / scale, y: p.y }, scale: scale, animation: false });
      }
      app.updateLabels();
      app.changed();
    };
    app.showEdge = function (j) {
      const e = model.edges[j];
      reveal([e.from, e.to], [j]);
      select([e.from, e.to], [j]);
      app.selectedNode = null;
      app.selectedEdge = j;
      panel.showEdge(j);
      app.changed();
    };
    app.clearSelection = function () {
      panel.clear();
      network.unselectAll();
      app.selectedNode = app.selectedEdge = null;
      worldMap.update(filters, new Set(), app.lookOf);
      app.changed();
    };
    app.selectGroup = function (group) {
      const members = data.nodes.map((_, i) => i).filter((i) => data.nodes[i].group === group);
      reveal(members, []);
      select(members, []);
      app.selectedNode = app.selectedEdge = null;
      panel.showGroup(group, members);
    };
    app.focusOn = function (i, hops) {
      moves.focus(i, hops, $("cg-focus-cooccurrence").checked);
      app.focusNode(i, false);
      app.fit(filters.shownNodes());
    };
    network.on("click", (params) => {
      if (params.nodes.length) app.focusNode(params.nodes[0], false);
      else if (params.edges.length) {
        // every link under the pointer is listed; the one drawn on top is the one clicked
        const top = network.getEdgeAt(params.pointer.DOM);
        app.showEdge(top === undefined ? params.edges[0] : top);
      }
    });
    network.on("doubleClick", (params) => {
      if (!params.nodes.length) return;
      const i = params.nodes[0];
      if (moves.expanded(i)) moves.collapse(i); else moves.expand(i);
      app.focusNode(i, false);
    });
    network.on("dragEnd", (params) => {
      if (!params.nodes.length) { app.changed(); return; }
      const i = Number(params.nodes[0]);
      const p = network.getPosition(i);
      moves.pin(i, p.x, p.y);
    });
    network.on("zoom", () => { app.updateLabels(); app.changed(); });
    $("cg-panel-close").addEventListener("click", () => app.clearSelection());

    // --- legend, measures, groups ---
    for (const box of document.querySelectorAll("#cg-legend input[data-type]")) {
      box.addEventListener("change", () => {
        if (box.checked) filters.hiddenTypes.delete(box.dataset.type);
        else filters.hiddenTypes.add(box.dataset.type);
        filtersChanged();
      });
    }
    $("cg-cooccurrence").addEventListener("change", (event) => {
      filters.showCooccurrence = event.target.checked;
      filtersChanged();
    });
    app.setMeasure = function (measure) {
      if (!style.measures.includes(measure)) return;
      view.measure = measure;
      $("cg-size").value = measure;
      nodeSet.update(data.nodes.map((n, i) => ({ id: i, size: n.sizes[measure] })));
      app.updateLabels();
      app.changed();
    };
    $("cg-size").addEventListener("change", (event) => app.setMeasure(event.target.value));
    const groupList = $("cg-groups");
    for (const g of data.groups) {
      const button = cg.el("button", { type: "button", className: "cg-group-select" },
        "Group " + (g.group + 1) + ": " + g.label);
      button.addEventListener("click", () => app.selectGroup(g.group));
      groupList.appendChild(cg.el("li", { dataset: { group: g.group } },
        cg.el("span", { className: "cg-swatch", style: "background:" + g.color }), button,
        cg.el("span", { className: "cg-count" }, String(g.count))));
    }
    app.setColour = function (colour) {
      if (colour !== "type" && colour !== "group") return;
      view.colour = colour;
      $("cg-colour").value = colour;
      groupList.hidden = colour !== "group";
      nodeSet.update(data.nodes.map((_, i) => {
        const color = colourOf(i);
        return { id: i, color: { background: color, highlight: { background: color }, hover: { background: color } } };
      }));
      worldMap.update(filters, new Set(network.getSelectedNodes().map(Number)), app.lookOf);
      app.changed();
    };
    $("cg-colour").addEventListener("change", (event) => app.setColour(event.target.value));

    // --- dates: inputs and the timeline ---
    const from = $("cg-date-from");
    const to = $("cg-date-to");
    app.setDates = function (a, b, fromTimeline) {
      from.value = filters.from = a;
      to.value = filters.to = b;
      if (!fromTimeline) timeline.show(a, b);
      filtersChanged();
    };
    const timeline = new cg.Timeline($("cg-timeline-svg"), $("cg-time-range"), model,
      (a, b) => app.setDates(a, b, true));
    app.timeline = timeline;
    if (model.firstDate) {
      for (const input of [from, to]) {
        input.min = model.firstDate;
        input.max = model.lastDate;
        input.addEventListener("change", () => app.setDates(from.value, to.value, false));
      }
      $("cg-dates-extent").textContent = model.firstDate + " – " + model.lastDate;
    } else {
      $("cg-dates").hidden = true;
    }
    $("cg-date-reset").addEventListener("click", () => { timeline.stop(); app.setDates("", "", false); });
    $("cg-time-back").addEventListener("click", () => { timeline.stop(); timeline.step(-1); });
    $("cg-time-next").addEventListener("click", () => { timeline.stop(); timeline.step(1); });
    $("cg-time-play").addEventListener("click", (event) => timeline.play(event.currentTarget));
    timeline.draw();

    // --- map ---
    const worldBlock = $("cg-world");
    const worldMap = new cg.WorldMap($("cg-map"), $("cg-map-svg"), $("cg-map-note"), model,
      () => (worldBlock ? JSON.parse(worldBlock.textContent) : null), (i) => app.focusNode(i));
    app.map = worldMap;
    app.toggleMap = function (show) {
      const open = show === undefined ? $("cg-map").hidden : show;
      $("cg-map").hidden = !open;
      $("cg-map-toggle").setAttribute("aria-pressed", String(open));
      worldMap.update(filters, new Set(network.getSelectedNodes().map(Number)), app.lookOf);
      app.changed();
    };
    $("cg-map-toggle").addEventListener("click", () => app.toggleMap());

    // --- search, focus, path ---
    const shownNode = (i) => filters.nodeShown[i] === 1;
    app.search = cg.attachSearch($("cg-search"), $("cg-search-results"), model,
      { accept: shownNode, onChoose: (i) => app.focusNode(i), max: style.search_results });
    function focusState() {
      const f = filters.focus;
      $("cg-focus-state").textContent = f
        ? "Showing " + data.nodes[f.node].label + " and " + cg.plural(f.hops, "hop", "hops") +
          (f.cooccurrence ? " (with co-occurrence)" : "") + "."
        : "Choose an entity, then “Focus” in its card.";
    }
    $("cg-focus-clear").addEventListener("click", () => { moves.clearFocus(); app.fit(); });
    const ends = [
      cg.attachSearch($("cg-path-from"), $("cg-path-from-results"), model,
        { accept: shownNode, onChoose: () => {}, max: style.search_results }),
      cg.attachSearch($("cg-path-to"), $("cg-path-to-results"), model,
        { accept: shownNode, onChoose: () => {}, max: style.search_results }),
    ];
    const pathResult = $("cg-path-result");
    function stepList(path) {
      const list = cg.el("ol", { className: "cg-steps" });
      path.edges.forEach((j, s) => {
        const e = model.edges[j];
        const a = path.nodes[s];
        const b = path.nodes[s + 1];
        const forward = e.from === a;
        const text = !e.typed ? "— co-occurs with —" : forward ? "—" + e.kind + "→" : "←" + e.kind + "—";
        const step = cg.el("button", { type: "button", className: "cg-step-link", title: "Evidence of this link" }, text);
        step.addEventListener("click", () => app.showEdge(j));
        list.appendChild(cg.el("li", { className: "cg-step" }, panel.nodeButton(a), " ", step, " ", panel.nodeButton(b)));
      });
      return list;
    }
    app.findPath = function (a, b, viaCooccurrence) {
      const useEdge = (j) => (model.edges[j].typed || viaCooccurrence) && filters.edgeAllowed(j);
      app.paths = a === b ? [] : model.paths(a, b, useEdge, 20);
      app.path = app.paths.length ? app.paths[0] : null;
      const nodes = new Set(app.paths.flatMap((p) => p.nodes));
      const edges = new Set(app.paths.flatMap((p) => p.edges));
      pins.path = [nodes, edges];
      app.refresh();
      if (!app.path) {
        pathResult.replaceChildren("No path between " + data.nodes[a].label + " and " + data.nodes[b].label +
          (viaCooccurrence ? "." : " over typed relations (try including co-occurrence)."));
        network.unselectAll();
        return null;
      }
      select([...nodes], [...edges]);
      app.fit([...nodes]);
      const many = app.paths.length > 1;
      pathResult.replaceChildren(
        cg.el("p", {}, cg.plural(app.path.edges.length, "link", "links") + ": " +
          app.path.nodes.map((i) => data.nodes[i].label).join(" → ")),
        many ? cg.el("p", { className: "cg-hint" }, (app.paths.length >= 20 ? "At least " : "") +
          app.paths.length + " shortest paths:") : null,
        ...app.paths.map((p) => stepList(p)));
      return app.path;
    };
    $("cg-path-find").addEventListener("click", () => {
      const [a, b] = ends.map((end) => end.chosen());
      if (a === null || b === null) {
        pathResult.textContent = "Choose two entities from the lists first.";
        return;
      }
      app.findPath(a, b, $("cg-path-cooccurrence").checked);
    });
    app.clearPath = function () {
      ends.forEach((end) => end.clear());
      app.path = null;
      app.paths = [];
      pins.path = [new Set(), new Set()];
      pathResult.replaceChildren();
      network.unselectAll();
      app.refresh();
    };
    $("cg-path-clear").addEventListener("click", () => app.clearPath());

    // --- view controls ---
    $("cg-physics").addEventListener("change", (event) => {
      network.setOptions({ physics: event.target.checked ? PHYSICS : { enabled: false } });
    });
    $("cg-fit").addEventListener("click", () => app.fit());
    $("cg-undo").addEventListener("click", () => moves.undo());
    $("cg-redo").addEventListener("click", () => moves.redo());
    const opened = { cooccurrence: filters.showCooccurrence };
    // Back to the view the page opened with (the moves part of it can be undone).
    app.reset = function () {
      timeline.stop();
      moves.reset();
      filters.hiddenTypes.clear();
      document.querySelectorAll("#cg-legend input[data-type]").forEach((box) => { box.checked = true; });
      filters.showCooccurrence = $("cg-cooccurrence").checked = opened.cooccurrence;
      app.setMeasure(style.size_measure);
      app.setColour("type");
      app.toggleMap(false);
      app.setDates("", "", false);
      app.clearPath();
      app.clearSelection();
      app.fit();
    };
    $("cg-reset").addEventListener("click", () => app.reset());
    $("cg-png").addEventListener("click", () => cg.exportPng(container, "casegraph.png"));
    $("cg-csv-nodes").addEventListener("click", () =>
      cg.exportCsv(cg.nodeRows(model, filters.shownNodes()), "casegraph-entities.csv"));
    $("cg-csv-edges").addEventListener("click", () =>
      cg.exportCsv(cg.edgeRows(model, filters.shownEdges()), "casegraph-links.csv"));
    cg.attachKeys({
      escape: () => { app.clearSelection(); app.search.clear(); },
      search: () => $("cg-search").focus(),
      fit: () => app.fit(),
      map: () => app.toggleMap(),
      undo: () => moves.undo(),
      redo: () => moves.redo(),
    });
    cg.servedLink($("cg-served"));

    // --- the view in the address (viewstate.js) ---
    cg.keepViewInAddress(app);
    return app;
  }

  const data = JSON.parse(document.getElementById("cg-data").textContent);
  // The handle the browser tests and the benchmark use.
  window.casegraph = start(data) || { data: data, network: null };
})(window.casegraphParts);
