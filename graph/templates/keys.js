/* casegraph view, part 11: keyboard shortcuts, the help overlay, and the link to the query
   page when `casegraph serve` serves the page. */
(function (cg) {
  "use strict";

  const typing = (target) => target && (target.isContentEditable ||
    ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));

  // ``actions``: {escape(), search(), fit(), map(), undo(), redo()}.
  cg.attachKeys = function (actions) {
    const help = document.getElementById("cg-help");
    const toggleHelp = (show) => {
      help.hidden = !show;
      if (show) document.getElementById("cg-help-close").focus();
    };
    document.getElementById("cg-help-open").addEventListener("click", () => toggleHelp(true));
    document.getElementById("cg-help-close").addEventListener("click", () => toggleHelp(false));
    help.addEventListener("click", (event) => { if (event.target === help) toggleHelp(false); });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        if (!help.hidden) { toggleHelp(false); return; }
        if (typing(event.target)) event.target.blur();
        actions.escape();
        return;
      }
      if ((event.ctrlKey || event.metaKey) && !event.altKey && !typing(event.target)) {
        const key = event.key.toLowerCase();
        if (key === "z" && !event.shiftKey) { event.preventDefault(); actions.undo(); }
        else if (key === "y" || (key === "z" && event.shiftKey)) { event.preventDefault(); actions.redo(); }
        return;
      }
      if (typing(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === "/") { event.preventDefault(); actions.search(); }
      else if (event.key === "f") actions.fit();
      else if (event.key === "m") actions.map();
      else if (event.key === "?") toggleHelp(help.hidden);
    });
  };

  // Served by `casegraph serve` (http on this machine): a link to its SPARQL page at "/".
  // Opened from disk there is no such page, so no link.
  cg.servedLink = function (slot) {
    const web = location.protocol === "http:" || location.protocol === "https:";
    const local = ["127.0.0.1", "localhost", "[::1]"].includes(location.hostname);
    if (!web || !local) return null;
    const link = cg.el("a", { href: "/", id: "cg-sparql-link" }, "SPARQL query page");
    slot.appendChild(link);
    return link;
  };
})(window.casegraphParts = window.casegraphParts || {});
