/* casegraph view, part 5: the side panel describing the chosen entity or link. */
(function (cg) {
  "use strict";
  const el = cg.el;

  cg.Panel = class {
    // ``actions``: {focusNode(i), showEdge(j), nodeActions(i) -> [[label, run], ...]} for the
    // buttons inside the panel.
    constructor(model, root, body, actions) {
      this.model = model;
      this.data = model.data;
      this.root = root;
      this.body = body;
      this.actions = actions;
    }

    clear() {
      this.body.replaceChildren();
      this.root.hidden = true;
    }

    showGroup(group, members) {
      const info = this.data.groups[group];
      this.show([
        el("p", { className: "cg-panel-kind" }, "Group (Louvain community over typed links)"),
        el("h2", { className: "cg-panel-title" }, "Group " + (group + 1) + ": " + info.label),
        el("p", { className: "cg-meta" }, cg.plural(members.length, "entity", "entities")),
        this.limited(members, (i) => el("li", {}, this.nodeButton(i)), "cg-members"),
      ]);
    }

    show(children) {
      this.body.replaceChildren(...children.filter(Boolean));
      this.root.hidden = false;
      this.root.scrollTop = 0;
    }

    nodeButton(i) {
      const button = el("button", { type: "button", className: "cg-node-link" },
        this.model.nodes[i].label);
      button.addEventListener("click", () => this.actions.focusNode(i));
      return button;
    }

    // One evidence sentence ([sentence, modality?]) with the names of ``marks`` highlighted.
    evidence(ev, marks) {
      const sentence = this.data.sentences[ev[0]];
      const hypothetical = ev[1] === "hypothetical";
      return el("li", { className: hypothetical ? "cg-evidence cg-hypothetical" : "cg-evidence" },
        hypothetical ? el("span", { className: "cg-modality" }, "hypothetical") : null,
        el("span", { className: "cg-sentence" }, cg.marked(sentence.text, sentence.spans, marks)),
        el("span", { className: "cg-source" }, " — " + cg.articleText(this.data.articles[sentence.article])));
    }

    // A list of the first ``max_items`` of ``items``, with a button that shows the rest.
    limited(items, render, className) {
      const list = el("ul", { className: className || "" });
      const max = this.data.style.max_items;
      items.slice(0, max).forEach((item) => list.appendChild(render(item)));
      if (items.length > max) {
        const more = el("button", { type: "button", className: "cg-more" },
          "Show all " + items.length.toLocaleString("en"));
        more.addEventListener("click", () => {
          more.parentNode.remove();
          items.slice(max).forEach((item) => list.appendChild(render(item)));
        });
        list.appendChild(el("li", {}, more));
      }
      return list;
    }

    actionButtons(i) {
      const bar = el("div", { className: "cg-actions" });
      for (const [label, run, name] of this.actions.nodeActions(i)) {
        const button = el("button", { type: "button", dataset: { action: name } }, label);
        button.addEventListener("click", run);
        bar.appendChild(button);
      }
      return bar;
    }

    // A link named as "A —kind→ B", a button that opens its card.
    edgeButton(j) {
      const e = this.model.edges[j];
      const text = this.model.nodes[e.from].label + (e.typed ? " —" + e.kind + "→ " : " — ") +
        this.model.nodes[e.to].label;
      const button = el("button", { type: "button", className: "cg-edge-link cg-basis-link" }, text);
      button.addEventListener("click", () => this.actions.showEdge(j));
      return button;
    }

    showNode(i) {
      const node = this.model.nodes[i];
      const others = node.aliases.filter((a) => a !== node.label);
      const here = new Set([i]);
      const m = node.measures;
      const parts = [
        el("p", { className: "cg-panel-kind" }, node.type),
        el("h2", { className: "cg-panel-title" }, node.label),
        this.actionButtons(i),
        others.length ? el("p", { className: "cg-aliases" }, "Also: " + others.join("; ")) : null,
        el("p", { className: "cg-meta" }, cg.plural(node.mentions, "mention", "mentions") + " in " +
          cg.plural(node.articles.length, "article", "articles")),
        el("p", { className: "cg-meta cg-measures" }, cg.plural(m.degree, "typed neighbour", "typed neighbours") +
          " · PageRank " + m.pagerank.toFixed(3) + " · betweenness " + m.betweenness.toFixed(3) +
          (node.group === null ? "" : " · group " + (node.group + 1))),
      ];
      if (node.start || node.end) {
        const when = node.start === node.end || !node.end ? node.start || node.end
          : (node.start || "?") + " – " + node.end;
        parts.push(el("p", { className: "cg-when" }, "Dates: " + when));
        if (node.when) parts.push(el("ul", { className: "cg-evidence-list" }, this.evidence(node.when, here)));
      }
      if (node.claims.length) {
        parts.push(el("h3", {}, "Figures"));
        parts.push(this.limited(node.claims, (c) => el("li", { className: "cg-claim" },
          el("span", { className: "cg-claim-figure" },
            c.measure + ": " + (c.qualifier ? c.qualifier + " " : "") + c.value.toLocaleString("en") +
            (c.date ? " (" + c.date + ")" : "")),
          el("ul", { className: "cg-evidence-list" }, this.evidence(c.evidence, here))), "cg-claims"));
      }
      parts.push(el("h3", {}, "Articles (" + node.articles.length + ")"));
      parts.push(this.limited(node.articles,
        (a) => el("li", {}, cg.articleText(this.data.articles[a])), "cg-articles"));
      parts.push(...this.links(i));
      this.show(parts);
    }

    // The node's links grouped by kind (typed kinds first), each with its evidence.
    links(i) {
      const groups = new Map();
      for (const j of this.model.incident[i]) {
        const kind = this.model.edges[j].kind;
        if (!groups.has(kind)) groups.set(kind, []);
        groups.get(kind).push(j);
      }
      const untyped = (kind) => (this.model.edges[groups.get(kind)[0]].typed ? 0 : 1);
      const kinds = [...groups.keys()].sort((a, b) =>
        untyped(a) - untyped(b) || (a < b ? -1 : a > b ? 1 : 0));
      const parts = [el("h3", {}, "Links (" + this.model.incident[i].length + ")")];
      // Each sentence is listed once: under the first link (typed kinds first) that cites it.
      const seen = new Set();
      for (const kind of kinds) {
        const edges = groups.get(kind).sort((a, b) =>
          this.model.edges[b].weight - this.model.edges[a].weight || a - b);
        const typed = this.model.edges[edges[0]].typed;
        parts.push(el("h4", { className: "cg-kind" }, kind + " (" + edges.length + ")",
          typed ? null : el("span", { className: "cg-note" }, " named in the same sentence; not a typed relation")));
        const items = edges.map((j) => {
          const e = this.model.edges[j];
          const fresh = e.evidence.filter((ev) => !seen.has(ev[0]));
          fresh.forEach((ev) => seen.add(ev[0]));
          return [j, fresh];
        });
        parts.push(this.limited(items, ([j, fresh]) => this.linkItem(i, j, fresh), "cg-links"));
      }
      return parts;
    }

    linkItem(i, j, fresh) {
      const e = this.model.edges[j];
      const other = this.model.other(j, i);
      const arrow = !e.typed ? "— " : e.from === i ? "→ " : "← ";
      const details = el("button", { type: "button", className: "cg-edge-link" }, "details");
      details.addEventListener("click", () => this.actions.showEdge(j));
      const repeated = e.evidence.length - fresh.length;
      return el("li", { className: e.inferred ? "cg-link cg-inferred" : "cg-link" },
        el("span", { className: "cg-arrow" }, arrow), this.nodeButton(other),
        e.role ? " (" + e.role + ")" : null,
        e.inferred ? el("span", { className: "cg-inferred-tag" }, "inferred") : null,
        el("span", { className: "cg-meta" }, " · " + cg.plural(e.evidence.length, "sentence", "sentences") + " "),
        details,
        this.limited(fresh, (ev) => this.evidence(ev, new Set([e.from, e.to])), "cg-evidence-list"),
        repeated ? el("p", { className: "cg-note cg-repeated" },
          cg.plural(repeated, "sentence", "sentences") + " listed above") : null);
    }

    showEdge(j) {
      const e = this.model.edges[j];
      const marks = new Set([e.from, e.to]);
      const basis = e.basis || [];
      const inferredFrom = basis.length || e.basis_missing ? el("p", { className: "cg-basis" },
        "inferred from: ", ...basis.flatMap((b, k) => (k ? [", ", this.edgeButton(b)] : [this.edgeButton(b)])),
        e.basis_missing ? " (and " + cg.plural(e.basis_missing, "link", "links") + " not drawn)" : null) : null;
      this.show([
        el("p", { className: "cg-panel-kind" }, !e.typed ? "Co-occurrence (not a typed relation)"
          : e.inferred ? "Inferred relation (derived from other links)" : "Relation"),
        el("h2", { className: "cg-panel-title" }, e.kind),
        el("p", { className: "cg-ends" }, this.nodeButton(e.from), e.typed ? " → " : " — ", this.nodeButton(e.to)),
        inferredFrom,
        e.role ? el("p", { className: "cg-role" }, "Role: " + e.role) : null,
        el("p", { className: "cg-meta" }, "Supported by " + cg.plural(e.articles.length, "article", "articles") +
          " · " + cg.plural(e.evidence.length, "evidence sentence", "evidence sentences")),
        el("h3", {}, "Evidence"),
        el("ul", { className: "cg-evidence-list" }, ...e.evidence.map((ev) => this.evidence(ev, marks))),
      ]);
    }
  };
})(window.casegraphParts = window.casegraphParts || {});
