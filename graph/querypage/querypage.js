// casegraph's query page: YASGUI (vendored, unmodified) configured so that it talks to this
// server only. No prefix.cc, no Linked Open Vocabularies, no other endpoint: prefixes come from
// casegraph's own vocabulary, the ready questions from its query library (/library.json).
"use strict";

(function () {
  const endpoint = window.location.origin + "/query";
  const status = document.getElementById("status");
  document.getElementById("endpoint").textContent = endpoint;

  function prefixLines(prefixes) {
    return Object.keys(prefixes)
      .sort()
      .map((name) => `PREFIX ${name}: <${prefixes[name]}>`);
  }

  function defaultQuery(prefixes) {
    return [
      ...prefixLines(prefixes),
      "",
      "# The entities casegraph found, with their type.",
      "SELECT ?entity ?label ?type",
      "WHERE {",
      "  ?entity rdfs:label ?label ;",
      "          a ?type .",
      "  FILTER (?type IN (schema:Person, schema:Organization, schema:Place, schema:Event,",
      "                    cg:Operation, cg:Database))",
      "}",
      "ORDER BY ?label",
      "LIMIT 100",
    ].join("\n");
  }

  function configure(prefixes) {
    const Yasqe = Yasgui.Yasqe;
    const ours = prefixLines(prefixes).map((line) => line.replace(/^PREFIX /, ""));
    // Our prefixes replace the bundled list; the LOV class and property completers are left out.
    Yasqe.forkAutocompleter(
      "prefixes",
      { name: "casegraphPrefixes", persistenceId: null, get: () => Promise.resolve(ours) },
      false,
    );
    Yasqe.defaults.autocompleters = ["casegraphPrefixes", "variables"];
    Yasqe.defaults.value = defaultQuery(prefixes);
    Yasqe.defaults.prefixCcApi = null;
    Yasqe.defaults.createShareableLink = null;
    return new Yasgui(document.getElementById("yasgui"), {
      requestConfig: { endpoint: endpoint, method: "POST" },
      copyEndpointOnNewTab: false,
      endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }], keys: [] },
      corsProxy: undefined,
      persistenceId: null,
      tabName: "casegraph",
    });
  }

  function offerLibrary(yasgui, queries) {
    const select = document.getElementById("examples");
    const question = document.getElementById("question");
    for (const q of queries) {
      const option = document.createElement("option");
      option.value = q.name;
      option.textContent = `${q.name} — ${q.question}`;
      select.appendChild(option);
    }
    select.addEventListener("change", () => {
      const q = queries.find((item) => item.name === select.value);
      if (!q) return;
      question.textContent = `${q.question} Parameters: ${q.parameters}`;
      yasgui.getTab().getYasqe().setValue(q.text);
    });
  }

  fetch("/library.json", { credentials: "same-origin" })
    .then((response) => {
      if (!response.ok) throw new Error(`the library did not load (${response.status})`);
      return response.json();
    })
    .then((library) => {
      const yasgui = configure(library.prefixes);
      offerLibrary(yasgui, library.queries);
      window.casegraphQuery = { yasgui: yasgui, ready: true };
    })
    .catch((error) => {
      status.textContent = String(error);
    });
})();
