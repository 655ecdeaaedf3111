/* casegraph view, part 6: export the current view as PNG and the shown items as CSV. */
(function (cg) {
  "use strict";

  // The drawing on a white background (the vis canvas itself is transparent).
  cg.exportPng = function (container, name) {
    const source = container.querySelector("canvas");
    const canvas = document.createElement("canvas");
    canvas.width = source.width;
    canvas.height = source.height;
    const context = canvas.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(source, 0, 0);
    cg.download(canvas.toDataURL("image/png"), name);
  };

  // RFC 4180 text; a text cell that a spreadsheet would run as a formula gets a leading "'".
  cg.csvText = function (rows) {
    const cell = (value) => {
      let text = value === null || value === undefined ? "" : String(value);
      if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = "'" + text;
      return '"' + text.replace(/"/g, '""') + '"';
    };
    return rows.map((row) => row.map(cell).join(",")).join("\r\n") + "\r\n";
  };

  cg.exportCsv = function (rows, name) {
    // The byte-order mark makes spreadsheets read the file as UTF-8.
    const url = URL.createObjectURL(new Blob(["\ufeff" + cg.csvText(rows)], { type: "text/csv;charset=utf-8" }));
    cg.download(url, name);
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  };

  cg.nodeRows = function (model, indices) {
    const rows = [["key", "label", "type", "aliases", "mentions", "articles"]];
    for (const i of indices) {
      const n = model.nodes[i];
      rows.push([n.key, n.label, n.type, n.aliases.join("; "), n.mentions, n.articles.length]);
    }
    return rows;
  };

  cg.edgeRows = function (model, indices) {
    const rows = [["from_key", "from_label", "kind", "role", "to_key", "to_label", "typed",
      "evidence_sentences", "articles"]];
    for (const j of indices) {
      const e = model.edges[j];
      const a = model.nodes[e.from];
      const b = model.nodes[e.to];
      rows.push([a.key, a.label, e.kind, e.role, b.key, b.label, e.typed ? "yes" : "no",
        e.evidence.length, e.articles.length]);
    }
    return rows;
  };
})(window.casegraphParts = window.casegraphParts || {});
