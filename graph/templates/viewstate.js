/* casegraph view, part 10: the view kept in the page address (#view=...): filters, hidden,
   expanded and pinned entities, focus, selection and zoom, by entity key, so a bookmark or a
   shared link reopens it. */
(function (cg) {
  "use strict";

  const PREFIX = "#view=";

  cg.ViewState = class {
    constructor(model) {
      this.model = model;
      this.index = new Map(model.nodes.map((n, i) => [n.key, i]));
    }

    key(i) {
      return this.model.nodes[i].key;
    }

    edgeKey(j) {
      const e = this.model.edges[j];
      return [this.key(e.from), e.kind, this.key(e.to)];
    }

    // ``view``: the state as graph.js describes it (node indices) -> the address fragment.
    encode(view) {
      const k = (i) => this.key(i);
      const state = {
        t: view.hiddenTypes, c: view.cooccurrence ? 1 : 0, d: [view.from, view.to],
        m: view.measure, g: view.colour, map: view.map ? 1 : 0,
        h: view.hidden.map(k),
        r: view.revealed.map(([i, by]) => [k(i), by.map(k)]),
        p: view.pinned.map(([i, x, y]) => [k(i), x, y]),
        f: view.focus ? [k(view.focus.node), view.focus.hops, view.focus.cooccurrence ? 1 : 0] : 0,
        s: view.selectedNode === null ? 0 : k(view.selectedNode),
        e: view.selectedEdge === null ? 0 : this.edgeKey(view.selectedEdge),
        z: view.zoom,
      };
      return PREFIX + encodeURIComponent(JSON.stringify(state));
    }

    // The address fragment -> the state with node indices (unknown entities dropped), or null.
    decode(hash) {
      if (!hash || !hash.startsWith(PREFIX)) return null;
      let s;
      try {
        s = JSON.parse(decodeURIComponent(hash.slice(PREFIX.length)));
      } catch (error) {
        return null;
      }
      if (!s || typeof s !== "object") return null;
      const known = (key) => typeof key === "string" && this.index.has(key);
      const at = (key) => this.index.get(key);
      const list = (v) => (Array.isArray(v) ? v : []);
      const text = (v) => (typeof v === "string" ? v : "");
      const num = (v) => (typeof v === "number" && isFinite(v) ? v : null);
      const edge = (e) => {
        if (!Array.isArray(e) || e.length !== 3 || !known(e[0]) || !known(e[2])) return null;
        const [a, kind, b] = [at(e[0]), e[1], at(e[2])];
        const j = this.model.incident[a].find((x) => {
          const l = this.model.edges[x];
          return l.from === a && l.to === b && l.kind === kind;
        });
        return j === undefined ? null : j;
      };
      const f = Array.isArray(s.f) && known(s.f[0]) ? s.f : null;
      const zoom = Array.isArray(s.z) && s.z.length === 3 && s.z.every((v) => num(v) !== null) ? s.z : null;
      return {
        hiddenTypes: list(s.t).filter((t) => typeof t === "string"),
        cooccurrence: s.c === 1,
        from: text(list(s.d)[0]), to: text(list(s.d)[1]),
        measure: text(s.m), colour: text(s.g), map: s.map === 1,
        hidden: list(s.h).filter(known).map(at),
        revealed: list(s.r).filter((r) => Array.isArray(r) && known(r[0]))
          .map((r) => [at(r[0]), list(r[1]).filter(known).map(at)]),
        pinned: list(s.p).filter((p) => Array.isArray(p) && known(p[0]) && num(p[1]) !== null && num(p[2]) !== null)
          .map((p) => [at(p[0]), p[1], p[2]]),
        focus: f ? { node: at(f[0]), hops: [1, 2, 3].includes(f[1]) ? f[1] : 1, cooccurrence: f[2] === 1 } : null,
        selectedNode: known(s.s) ? at(s.s) : null,
        selectedEdge: edge(s.e),
        zoom: zoom,
      };
    }
  };

  // Keep ``app``'s view (graph.js) in the address as it changes, and open the view an
  // address holds: on load, and when the fragment changes.
  cg.keepViewInAddress = function (app) {
    const { filters, network, view } = app;
    const state = new cg.ViewState(app.model);
    let restoring = false;
    let pending = null;
    app.viewState = function () {
      const p = network.getViewPosition();
      return {
        hiddenTypes: [...filters.hiddenTypes].sort(), cooccurrence: filters.showCooccurrence,
        from: filters.from, to: filters.to, measure: view.measure, colour: view.colour,
        map: !document.getElementById("cg-map").hidden, hidden: [...filters.hidden].sort((a, b) => a - b),
        revealed: [...filters.revealed].map(([k, by]) => [k, [...by]]),
        pinned: [...app.pinned].map(([i, xy]) => [i, xy[0], xy[1]]), focus: filters.focus,
        selectedNode: app.selectedNode, selectedEdge: app.selectedEdge,
        zoom: [Math.round(network.getScale() * 1000) / 1000, Math.round(p.x), Math.round(p.y)],
      };
    };
    app.changed = function () {
      if (restoring) return;
      clearTimeout(pending);
      pending = setTimeout(() => {
        try {
          history.replaceState(null, "", state.encode(app.viewState()));
        } catch (error) {
          // a page embedded without an address of its own (a notebook's inline frame): the
          // view cannot be kept there, and nothing else depends on it
        }
      }, 200);
    };
    app.restore = function (hash) {
      const s = state.decode(hash);
      if (!s) return false;
      restoring = true;
      filters.hiddenTypes = new Set(s.hiddenTypes);
      document.querySelectorAll("#cg-legend input[data-type]").forEach((box) => {
        box.checked = !filters.hiddenTypes.has(box.dataset.type);
      });
      filters.showCooccurrence = document.getElementById("cg-cooccurrence").checked = s.cooccurrence;
      document.getElementById("cg-date-from").value = filters.from = s.from;
      document.getElementById("cg-date-to").value = filters.to = s.to;
      app.timeline.show(s.from, s.to);
      if (s.measure) app.setMeasure(s.measure);
      if (s.colour) app.setColour(s.colour);
      filters.hidden = new Set(s.hidden);
      filters.revealed = new Map(s.revealed.map(([k, by]) => [k, new Set(by)]));
      filters.focus = s.focus;
      app.placePins(new Map(s.pinned.map(([i, x, y]) => [i, [x, y]])));
      app.refresh();
      document.getElementById("cg-map").hidden = !s.map;
      document.getElementById("cg-map-toggle").setAttribute("aria-pressed", String(s.map));
      if (s.selectedNode !== null) app.focusNode(s.selectedNode, false);
      else if (s.selectedEdge !== null) app.showEdge(s.selectedEdge);
      if (s.zoom) {
        network.moveTo({ position: { x: s.zoom[1], y: s.zoom[2] }, scale: s.zoom[0], animation: false });
        app.updateLabels();
      } else {
        app.fit();
      }
      app.map.update(filters, new Set(network.getSelectedNodes().map(Number)), app.lookOf);
      restoring = false;
      return true;
    };
    if (!app.restore(location.hash)) {
      app.fit();
      // labels are measured when first drawn: fit again with their real sizes
      network.once("afterDrawing", () => app.fit());
    }
    window.addEventListener("hashchange", () => app.restore(location.hash));
  };
})(window.casegraphParts = window.casegraphParts || {});
