/* casegraph view, part 2: the graph model behind the page (adjacency, dates, search, paths). */
(function (cg) {
  "use strict";

  cg.Model = class {
    constructor(data) {
      this.data = data;
      this.nodes = data.nodes;
      this.edges = data.edges;
      this.incident = this.nodes.map(() => []);
      this.edges.forEach((e, j) => {
        this.incident[e.from].push(j);
        if (e.to !== e.from) this.incident[e.to].push(j);
      });
      const dateOf = (i) => data.articles[i].date;
      // Each item's dates as [start, end] intervals: one per dated article, plus event dates.
      this.nodeDates = this.nodes.map((n) => {
        const spans = n.articles.map(dateOf).filter(Boolean).map((d) => [d, d]);
        if (n.start || n.end) spans.push([n.start || n.end, n.end || n.start]);
        return spans;
      });
      this.edgeDates = this.edges.map((e) =>
        e.articles.map(dateOf).filter(Boolean).map((d) => [d, d]));
      const all = this.nodeDates.flat(2).sort();
      this.firstDate = all.length ? all[0] : null;
      this.lastDate = all.length ? all[all.length - 1] : null;
      this.searchText = this.nodes.map((n) => ({
        label: cg.normalise(n.label),
        aliases: n.aliases.map(cg.normalise),
      }));
    }

    other(j, i) {
      const e = this.edges[j];
      return e.from === i ? e.to : e.from;
    }

    // Node indices matching ``query`` (label or alias), best first: exact, prefix, substring.
    search(query, accept) {
      const q = cg.normalise(query.trim());
      if (!q) return [];
      const ranked = [];
      this.searchText.forEach((s, i) => {
        let rank = s.label === q ? 0 : s.label.startsWith(q) ? 1 : -1;
        if (rank < 0 && s.aliases.some((a) => a === q || a.startsWith(q))) rank = 2;
        if (rank < 0 && s.label.includes(q)) rank = 3;
        if (rank < 0 && s.aliases.some((a) => a.includes(q))) rank = 4;
        if (rank >= 0 && accept(i)) ranked.push([rank, -this.nodes[i].mentions, this.nodes[i].label, i]);
      });
      ranked.sort((a, b) => a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : a[3] - b[3]));
      return ranked.map((r) => r[3]);
    }

    // A shortest path (fewest links, ignoring direction) from ``a`` to ``b`` over the edges
    // ``useEdge`` accepts: {nodes, edges} or null. Ties go to the lowest edge index.
    path(a, b, useEdge) {
      const found = this.paths(a, b, useEdge, 1);
      return found.length ? found[0] : null;
    }

    // Every shortest path from ``a`` to ``b`` (at most ``max``), each {nodes, edges}, in a
    // fixed order (lowest edge indices first).
    paths(a, b, useEdge, max) {
      if (a === b) return [];
      const dist = new Map([[a, 0]]);
      const via = new Map([[a, []]]); // node -> [[previous node, edge], ...]
      let frontier = [a];
      while (frontier.length && !dist.has(b)) {
        const next = [];
        const depth = dist.get(frontier[0]) + 1;
        for (const i of frontier) {
          for (const j of this.incident[i]) {
            const k = this.other(j, i);
            if (!useEdge(j) || (dist.has(k) && dist.get(k) < depth)) continue;
            if (!dist.has(k)) { dist.set(k, depth); via.set(k, []); next.push(k); }
            via.get(k).push([i, j]);
          }
        }
        frontier = next;
      }
      if (!dist.has(b)) return [];
      const out = [];
      const walk = (i, nodes, edges) => {
        if (out.length >= max) return;
        if (i === a) { out.push({ nodes: [a, ...nodes], edges: edges.slice() }); return; }
        const steps = via.get(i).slice().sort((x, y) => x[1] - y[1]);
        for (const [prev, j] of steps) walk(prev, [i, ...nodes], [j, ...edges]);
      };
      walk(b, [], []);
      return out;
    }

    // Nodes within ``hops`` links of ``start`` over the edges ``useEdge`` accepts.
    around(start, hops, useEdge) {
      const seen = new Set([start]);
      let frontier = [start];
      for (let h = 0; h < hops && frontier.length; h++) {
        const next = [];
        for (const i of frontier) {
          for (const j of this.incident[i]) {
            const k = this.other(j, i);
            if (!seen.has(k) && useEdge(j)) { seen.add(k); next.push(k); }
          }
        }
        frontier = next;
      }
      return seen;
    }
  };

  // Whether any [start, end] interval meets the range [from, to] (ISO strings, "" = open).
  cg.inRange = function (intervals, from, to) {
    if (!intervals.length) return true; // undated items are judged by what connects them
    return intervals.some(([s, e]) => (!from || e >= from) && (!to || s <= to));
  };
})(window.casegraphParts = window.casegraphParts || {});
