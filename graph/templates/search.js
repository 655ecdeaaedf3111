/* casegraph view, part 4: a search box over labels and aliases with a list of results. */
(function (cg) {
  "use strict";

  // Wire ``input`` and its result ``list``; returns {chosen(), clear()}. ``accept(i)`` says
  // whether node i may be offered (shown now), ``onChoose(i)`` runs when one is picked.
  cg.attachSearch = function (input, list, model, options) {
    let chosen = null;
    let offered = [];

    function choose(i) {
      chosen = i;
      input.value = model.nodes[i].label;
      list.replaceChildren();
      options.onChoose(i);
    }

    function render() {
      chosen = null;
      list.replaceChildren();
      if (!input.value.trim()) return;
      const all = model.search(input.value, () => true);
      offered = all.filter(options.accept);
      for (const i of offered.slice(0, options.max)) {
        const node = model.nodes[i];
        const button = cg.el("button", { type: "button", className: "cg-result" },
          node.label, " ", cg.el("span", { className: "cg-result-type" }, node.type));
        button.addEventListener("click", () => choose(i));
        list.appendChild(cg.el("li", {}, button));
      }
      const note = (text) => list.appendChild(cg.el("li", { className: "cg-result-note" }, text));
      if (offered.length > options.max) note("… " + (offered.length - options.max) + " more");
      if (all.length > offered.length) {
        note(cg.plural(all.length - offered.length, "match", "matches") + " hidden by the filters");
      }
      if (!all.length) note("No match");
    }

    input.addEventListener("input", render);
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && offered.length && list.firstChild) {
        event.preventDefault();
        choose(offered[0]);
      } else if (event.key === "Escape") {
        list.replaceChildren();
      } else if (event.key === "ArrowDown") {
        const first = list.querySelector("button");
        if (first) { event.preventDefault(); first.focus(); }
      }
    });
    list.addEventListener("keydown", (event) => {
      const item = event.target.closest("li");
      if (!item || !["ArrowDown", "ArrowUp"].includes(event.key)) return;
      event.preventDefault();
      let next = event.key === "ArrowDown" ? item.nextElementSibling : item.previousElementSibling;
      while (next && !next.querySelector("button")) {
        next = event.key === "ArrowDown" ? next.nextElementSibling : next.previousElementSibling;
      }
      if (next) next.querySelector("button").focus();
      else if (event.key === "ArrowUp") input.focus();
    });

    return {
      chosen: () => chosen,
      clear() { chosen = null; input.value = ""; list.replaceChildren(); },
    };
  };
})(window.casegraphParts = window.casegraphParts || {});
