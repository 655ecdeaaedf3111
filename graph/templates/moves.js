/* casegraph view, part 7: the analyst's moves (expand, collapse, hide, pin, focus, reset),
   each undoable. */
(function (cg) {
  "use strict";

  cg.Moves = class {
    // ``app``: {model, filters, pinned (Map node -> [x, y]), placePins(pinned), refresh(),
    // changed()}; ``onHistory(canUndo, canRedo)`` keeps the buttons up to date.
    constructor(app, onHistory) {
      this.app = app;
      this.past = [];
      this.future = [];
      this.onHistory = onHistory;
    }

    snapshot() {
      const f = this.app.filters;
      return {
        hidden: [...f.hidden],
        revealed: [...f.revealed].map(([k, by]) => [k, [...by]]),
        pinned: [...this.app.pinned].map(([i, p]) => [i, p[0], p[1]]),
        focus: f.focus ? Object.assign({}, f.focus) : null,
      };
    }

    restore(state) {
      const f = this.app.filters;
      f.hidden = new Set(state.hidden);
      f.revealed = new Map(state.revealed.map(([k, by]) => [k, new Set(by)]));
      f.focus = state.focus ? Object.assign({}, state.focus) : null;
      this.app.placePins(new Map(state.pinned.map(([i, x, y]) => [i, [x, y]])));
      this.app.refresh();
      this.app.changed();
    }

    // Run ``change`` as one undoable move; a change that returns false changed nothing.
    record(change) {
      const before = this.snapshot();
      if (change() === false) return false;
      this.past.push(before);
      this.future = [];
      this.app.refresh();
      this.app.changed();
      this.onHistory(true, false);
      return true;
    }

    undo() {
      if (!this.past.length) return;
      this.future.push(this.snapshot());
      this.restore(this.past.pop());
      this.onHistory(this.past.length > 0, true);
    }

    redo() {
      if (!this.future.length) return;
      this.past.push(this.snapshot());
      this.restore(this.future.pop());
      this.onHistory(true, this.future.length > 0);
    }

    // Neighbours of ``i`` (over the links shown: typed, co-occurrence when it is on) that the
    // filters and moves hide: show them, remembering that ``i`` brought them in (a node
    // another expand already brought in remembers both).
    expand(i) {
      const { model, filters } = this.app;
      return this.record(() => {
        let brought = 0;
        for (const j of model.incident[i]) {
          const k = model.other(j, i);
          if (!filters.followable(j, filters.showCooccurrence) || filters.nodeAllowed(k)) continue;
          if (filters.revealed.has(k) && filters.revealed.get(k).has(i)) continue;
          if (!filters.revealed.has(k)) filters.revealed.set(k, new Set());
          filters.revealed.get(k).add(i);
          filters.hidden.delete(k);
          brought += 1;
        }
        return brought > 0;
      });
    }

    expanded(i) {
      for (const by of this.app.filters.revealed.values()) if (by.has(i)) return true;
      return false;
    }

    // Hide again the nodes only ``i`` brought in.
    collapse(i) {
      const revealed = this.app.filters.revealed;
      return this.record(() => {
        let changed = false;
        for (const [k, by] of [...revealed]) {
          if (!by.delete(i)) continue;
          changed = true;
          if (!by.size) revealed.delete(k);
        }
        return changed;
      });
    }

    hide(i) {
      const f = this.app.filters;
      return this.record(() => {
        if (f.hidden.has(i) && !f.revealed.has(i)) return false;
        f.hidden.add(i);
        f.revealed.delete(i);
        for (const by of f.revealed.values()) by.delete(i);
        return true;
      });
    }

    pin(i, x, y) {
      return this.record(() => {
        const pinned = new Map(this.app.pinned);
        pinned.set(i, [Math.round(x), Math.round(y)]);
        this.app.placePins(pinned);
      });
    }

    unpin(i) {
      return this.record(() => {
        if (!this.app.pinned.has(i)) return false;
        const pinned = new Map(this.app.pinned);
        pinned.delete(i);
        this.app.placePins(pinned);
      });
    }

    // Show only ``i`` and what is within ``hops`` links of it.
    focus(i, hops, cooccurrence) {
      const f = this.app.filters;
      return this.record(() => {
        f.focus = { node: i, hops: hops, cooccurrence: cooccurrence };
        f.revealed = new Map();
      });
    }

    clearFocus() {
      const f = this.app.filters;
      return this.record(() => {
        if (!f.focus) return false;
        f.focus = null;
      });
    }

    reset() {
      const f = this.app.filters;
      return this.record(() => {
        f.hidden = new Set();
        f.revealed = new Map();
        f.focus = null;
        this.app.placePins(new Map());
      });
    }
  };
})(window.casegraphParts = window.casegraphParts || {});
