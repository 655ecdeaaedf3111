/* casegraph view, main part: draws the graph embedded in #cg-data with vis-network and wires
   the controls. Corpus text reaches the DOM only through text nodes, never as HTML. */
(function (cg) {
  "use strict";

  // Above this many links, drawing favours speed: straight lines, no hover effects, and links
  // hidden while dragging or zooming.
  const LARGE = 2000;
  const OPTIONS = {
    physics: { enabled: false },
    layout: { improvedLayout: false },
    interaction: { hover: true, tooltipDelay: 200 },
    nodes: { borderWidth: 1, borderWidthSelected: 3, font: { size: 14, face: "sans-serif" } },
    edges: { selectionWidth: 2, font: { size: 11, face: "sans-serif", align: "middle" } },
  };
  const LARGE_INTERACTION = { hover: false, tooltipDelay: 200, hideEdgesOnDrag: true, hideEdgesOnZoom: true };
  const PHYSICS = {
    enabled: true,
    solver: "forceAtlas2Based",
    stabilization: false,
    forceAtlas2Based: { gravitationalConstant: -60, springLength: 100, avoidOverlap: 0.2 },
  };
  const $ = (id) => document.getElementById(id);

  function visNode(node, i, look, highlight, shown) {
    return {
      id: i, label: node.label, x: node.x, y: node.y, size: node.size, shape: look.shape,
      hidden: !shown,
      color: {
        background: look.color, border: "#333333",
        highlight: { background: look.color, border: highlight },
        hover: { background: look.color, border: highlight },
      },
      title: node.label + "\n" + node.type + " · " + cg.plural(node.mentions, "mention", "mentions"),
    };
  }

  function visEdge(edge, j, model, style, large, shown) {
    const ends = model.nodes[edge.from].label + (edge.typed ? " → " : " — ") + model.nodes[edge.to].label;
    const item = {
      id: j, from: edge.from, to: edge.to, width: edge.width, hidden: !shown,
      title: edge.kind + (edge.role ? " (" + edge.role + ")" : "") + "\n" + ends + "\n" +
        cg.plural(edge.evidence.length, "sentence", "sentences"),
    };
    if (edge.typed) {
      // an arrow and the kind as label; curved so it does not hide a co-occurrence line
      return Object.assign(item, {
        arrows: "to", label: edge.kind, dashes: false,
        color: { color: style.typed, highlight: style.highlight, hover: style.highlight },
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
    const nodeSet = new vis.DataSet(data.nodes.map((n, i) =>
      visNode(n, i, looks.get(n.type), style.highlight, filters.nodeShown[i])));
    const edgeSet = new vis.DataSet(data.edges.map((e, j) =>
      visEdge(e, j, model, style, large, filters.edgeShown[j])));
    const options = large ? Object.assign({}, OPTIONS, { interaction: LARGE_INTERACTION }) : OPTIONS;
    const network = new vis.Network(container, { nodes: nodeSet, edges: edgeSet }, options);
    const app = {
      data: data, model: model, filters: filters, network: network, nodes: nodeSet, edges: edgeSet,
      drawnAt: null, path: null,
    };
    network.once("afterDrawing", () => { app.drawnAt = performance.now(); });
    network.fit({ animation: false });

    // Items shown whatever the filters say: a highlighted path (until cleared) and an item
    // reached from the panel (until the filters change).
    const pins = { path: [new Set(), new Set()], visit: [new Set(), new Set()] };
    app.refresh = function () {
      filters.pinnedNodes = new Set([...pins.path[0], ...pins.visit[0]]);
      filters.pinnedEdges = new Set([...pins.path[1], ...pins.visit[1]]);
      filters.apply(nodeSet, edgeSet);
    };
    function filtersChanged() {
      pins.visit = [new Set(), new Set()];
      app.refresh();
    }
    function reveal(nodes, edges) {
      const hidden = nodes.some((i) => !filters.nodeShown[i]) || edges.some((j) => !filters.edgeShown[j]);
      if (!hidden) return;
      nodes.forEach((i) => pins.visit[0].add(i));
      edges.forEach((j) => pins.visit[1].add(j));
      app.refresh();
    }

    const panel = new cg.Panel(model, $("cg-panel"), $("cg-panel-body"), {
      focusNode: (i) => app.focusNode(i),
      showEdge: (j) => app.showEdge(j),
    });

    // Select the node with its shown neighbours and links, open its card, and (unless it was
    // clicked where it is) centre the view on it.
    app.focusNode = function (i, move) {
      reveal([i], []);
      const edges = model.incident[i].filter((j) => filters.edgeShown[j]);
      const nodes = [i, ...edges.map((j) => model.other(j, i))];
      network.setSelection({ nodes: nodes, edges: edges }, { unselectAll: true, highlightEdges: false });
      if (move !== false) network.focus(i, { scale: Math.max(network.getScale(), 1), animation: false });
      panel.showNode(i);
    };
    app.showEdge = function (j) {
      const e = model.edges[j];
      reveal([e.from, e.to], [j]);
      network.setSelection({ nodes: [e.from, e.to], edges: [j] }, { unselectAll: true, highlightEdges: false });
      panel.showEdge(j);
    };
    network.on("click", (params) => {
      if (params.nodes.length) app.focusNode(params.nodes[0], false);
      else if (params.edges.length) app.showEdge(params.edges[0]);
    });
    $("cg-panel-close").addEventListener("click", () => { panel.clear(); network.unselectAll(); });

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

    const from = $("cg-date-from");
    const to = $("cg-date-to");
    if (model.firstDate) {
      for (const input of [from, to]) {
        input.min = model.firstDate;
        input.max = model.lastDate;
        input.addEventListener("change", () => {
          filters.from = from.value;
          filters.to = to.value;
          filtersChanged();
        });
      }
      $("cg-dates-extent").textContent = model.firstDate + " – " + model.lastDate;
      $("cg-date-reset").addEventListener("click", () => {
        from.value = to.value = filters.from = filters.to = "";
        filtersChanged();
      });
    } else {
      $("cg-dates").hidden = true;
    }

    const shownNode = (i) => filters.nodeShown[i] === 1;
    app.search = cg.attachSearch($("cg-search"), $("cg-search-results"), model,
      { accept: shownNode, onChoose: (i) => app.focusNode(i), max: style.search_results });
    const ends = [
      cg.attachSearch($("cg-path-from"), $("cg-path-from-results"), model,
        { accept: shownNode, onChoose: () => {}, max: style.search_results }),
      cg.attachSearch($("cg-path-to"), $("cg-path-to-results"), model,
        { accept: shownNode, onChoose: () => {}, max: style.search_results }),
    ];
    const pathResult = $("cg-path-result");
    app.findPath = function (a, b, viaCooccurrence) {
      const useEdge = (j) => (model.edges[j].typed || viaCooccurrence) && filters.edgeAllowed(j);
      app.path = a === b ? null : model.path(a, b, useEdge);
      pins.path = app.path ? [new Set(app.path.nodes), new Set(app.path.edges)] : [new Set(), new Set()];
      app.refresh();
      if (!app.path) {
        pathResult.textContent = "No path between " + model.nodes[a].label + " and " + model.nodes[b].label +
          (viaCooccurrence ? "." : " over typed relations (try including co-occurrence).");
        network.unselectAll();
        return null;
      }
      network.setSelection({ nodes: app.path.nodes, edges: app.path.edges }, { unselectAll: true, highlightEdges: false });
      network.fit({ nodes: app.path.nodes, animation: false });
      pathResult.textContent = cg.plural(app.path.edges.length, "link", "links") + ": " +
        app.path.nodes.map((i) => model.nodes[i].label).join(" → ");
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
    $("cg-path-clear").addEventListener("click", () => {
      ends.forEach((end) => end.clear());
      app.path = null;
      pins.path = [new Set(), new Set()];
      pathResult.textContent = "";
      network.unselectAll();
      app.refresh();
    });

    $("cg-physics").addEventListener("change", (event) => {
      network.setOptions({ physics: event.target.checked ? PHYSICS : { enabled: false } });
    });
    $("cg-fit").addEventListener("click", () => network.fit({ animation: false }));
    $("cg-png").addEventListener("click", () => cg.exportPng(container, "casegraph.png"));
    $("cg-csv-nodes").addEventListener("click", () =>
      cg.exportCsv(cg.nodeRows(model, filters.shownNodes()), "casegraph-entities.csv"));
    $("cg-csv-edges").addEventListener("click", () =>
      cg.exportCsv(cg.edgeRows(model, filters.shownEdges()), "casegraph-links.csv"));
    return app;
  }

  const data = JSON.parse(document.getElementById("cg-data").textContent);
  // The handle the browser tests and the benchmark use.
  window.casegraph = start(data) || { data: data, network: null };
})(window.casegraphParts);
