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
})(window.casegraphParts = window.casegraphParts || {});
