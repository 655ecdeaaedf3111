/* casegraph view, part 3: what is shown (types, co-occurrence, dates, the analyst's moves). */
(function (cg) {
  "use strict";

  cg.Filters = class {
    constructor(model, options) {
      this.model = model;
      this.hiddenTypes = new Set();
      this.showCooccurrence = options.showCooccurrence;
      this.from = "";
      this.to = "";
      // The analyst's moves (moves.js): hidden nodes, nodes an expand brought in (node ->
      // the nodes that brought it), and the focus {node, hops, cooccurrence} or null.
      this.hidden = new Set();
      this.revealed = new Map();
      this.focus = null;
      this.focusSet = null;
      // A highlighted path stays visible whatever the filters say, until it is cleared.
      this.pinnedNodes = new Set();
      this.pinnedEdges = new Set();
      this.nodeShown = new Uint8Array(model.nodes.length);
      this.edgeShown = new Uint8Array(model.edges.length);
      this.compute();
    }

    dated() {
      return Boolean(this.from || this.to);
    }

    edgeInRange(j) {
      return cg.inRange(this.model.edgeDates[j], this.from, this.to);
    }

    // Within the date range? A node with dates (its articles, an event's own dates) by those;
    // one without follows the dated links that connect it (none in range: hidden with them).
    nodeInRange(i) {
      if (!this.dated()) return true;
      const dates = this.model.nodeDates[i];
      if (dates.length) return cg.inRange(dates, this.from, this.to);
      const dated = this.model.incident[i].filter((j) => this.model.edgeDates[j].length);
      return !dated.length || dated.some((j) => this.edgeInRange(j));
    }

    // Could the node be shown (type, dates, hidden, focus), pins and expands aside?
    nodeAllowed(i) {
      return !this.hiddenTypes.has(this.model.nodes[i].type) && this.nodeInRange(i) &&
        !this.hidden.has(i) && (this.focusSet === null || this.focusSet.has(i));
    }

    // Could the edge be shown if co-occurrence were on (dates and both ends allowed)?
    edgeAllowed(j) {
      const e = this.model.edges[j];
      return this.edgeInRange(j) && this.nodeAllowed(e.from) && this.nodeAllowed(e.to);
    }

    // May the link be followed (expand, focus)? Typed links, co-occurrence when asked.
    followable(j, cooccurrence) {
      return this.model.edges[j].typed || cooccurrence;
    }

    compute() {
      const m = this.model;
      if (this.focus) {
        const cooc = this.focus.cooccurrence;
        this.focusSet = m.around(this.focus.node, this.focus.hops, (j) => this.followable(j, cooc));
      } else {
        this.focusSet = null;
      }
      for (let i = 0; i < m.nodes.length; i++) {
        this.nodeShown[i] = this.pinnedNodes.has(i) || this.revealed.has(i) || this.nodeAllowed(i) ? 1 : 0;
      }
      for (let j = 0; j < m.edges.length; j++) {
        const e = m.edges[j];
        const shown = this.pinnedEdges.has(j) || (
          (e.typed || this.showCooccurrence) && this.nodeShown[e.from] && this.nodeShown[e.to] &&
          this.edgeInRange(j));
        this.edgeShown[j] = shown ? 1 : 0;
      }
    }

    // Recompute and push only the changed ``hidden`` flags into the vis DataSets.
    apply(nodeSet, edgeSet) {
      const nodesBefore = this.nodeShown.slice();
      const edgesBefore = this.edgeShown.slice();
      this.compute();
      const changed = (now, before) => {
        const out = [];
        for (let i = 0; i < now.length; i++) {
          if (now[i] !== before[i]) out.push({ id: i, hidden: !now[i] });
        }
        return out;
      };
      const nodeChanges = changed(this.nodeShown, nodesBefore);
      const edgeChanges = changed(this.edgeShown, edgesBefore);
      if (nodeChanges.length) nodeSet.update(nodeChanges);
      if (edgeChanges.length) edgeSet.update(edgeChanges);
      return nodeChanges.length + edgeChanges.length;
    }

    shownNodes() {
      return this.model.nodes.map((_, i) => i).filter((i) => this.nodeShown[i]);
    }

    shownEdges() {
      return this.model.edges.map((_, j) => j).filter((j) => this.edgeShown[j]);
    }
  };
})(window.casegraphParts = window.casegraphParts || {});
