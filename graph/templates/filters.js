/* casegraph view, part 3: what is shown (types, co-occurrence, date range, pinned path). */
(function (cg) {
  "use strict";

  cg.Filters = class {
    constructor(model, options) {
      this.model = model;
      this.hiddenTypes = new Set();
      this.showCooccurrence = options.showCooccurrence;
      this.from = "";
      this.to = "";
      // A highlighted path stays visible whatever the filters say, until it is cleared.
      this.pinnedNodes = new Set();
      this.pinnedEdges = new Set();
      this.nodeShown = new Uint8Array(model.nodes.length);
      this.edgeShown = new Uint8Array(model.edges.length);
      this.compute();
    }

    // Could the node be shown (type and date), pins aside?
    nodeAllowed(i) {
      return !this.hiddenTypes.has(this.model.nodes[i].type) &&
        cg.inRange(this.model.nodeDates[i], this.from, this.to);
    }

    // Could the edge be shown if co-occurrence were on (dates and both ends allowed)?
    edgeAllowed(j) {
      const e = this.model.edges[j];
      return cg.inRange(this.model.edgeDates[j], this.from, this.to) &&
        this.nodeAllowed(e.from) && this.nodeAllowed(e.to);
    }

    compute() {
      const m = this.model;
      for (let i = 0; i < m.nodes.length; i++) {
        this.nodeShown[i] = this.pinnedNodes.has(i) || this.nodeAllowed(i) ? 1 : 0;
      }
      for (let j = 0; j < m.edges.length; j++) {
        const e = m.edges[j];
        const shown = this.pinnedEdges.has(j) || (
          (e.typed || this.showCooccurrence) && this.nodeShown[e.from] && this.nodeShown[e.to] &&
          cg.inRange(m.edgeDates[j], this.from, this.to));
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
    }

    shownNodes() {
      return this.model.nodes.map((_, i) => i).filter((i) => this.nodeShown[i]);
    }

    shownEdges() {
      return this.model.edges.map((_, j) => j).filter((j) => this.edgeShown[j]);
    }
  };
})(window.casegraphParts = window.casegraphParts || {});
