/* casegraph view, part 9: located places on the vendored world outline (Natural Earth via
   world-atlas, TopoJSON), with the links between them; a click selects the place. */
(function (cg) {
  "use strict";

  // Equirectangular: degrees of longitude and latitude are the map's units.
  const project = (lon, lat) => [lon + 180, 90 - lat];
  const fixed = (v) => Math.round(v * 100) / 100;

  // TopoJSON arcs (quantised, delta-encoded) -> [[x, y], ...] in map units.
  function decodeArcs(topology) {
    const [sx, sy] = topology.transform.scale;
    const [tx, ty] = topology.transform.translate;
    return topology.arcs.map((arc) => {
      let x = 0;
      let y = 0;
      return arc.map(([dx, dy]) => {
        x += dx;
        y += dy;
        return project(x * sx + tx, y * sy + ty);
      });
    });
  }

  function ringPath(ring, arcs) {
    const points = [];
    for (const index of ring) {
      const arc = index < 0 ? arcs[~index].slice().reverse() : arcs[index];
      points.push(...(points.length ? arc.slice(1) : arc));
    }
    // a jump of more than half the world is a ring cut at the antimeridian: move, do not draw
    return points.map(([x, y], k) => (k && Math.abs(x - points[k - 1][0]) < 180 ? "L" : "M") +
      fixed(x) + " " + fixed(y)).join("") + "Z";
  }

  cg.WorldMap = class {
    // ``world()``: the parsed TopoJSON (null when no place could be located), read the first
    // time the map opens; ``onPick(i)`` runs when a place is clicked.
    constructor(section, svg, note, model, world, onPick) {
      this.section = section;
      this.svg = svg;
      this.ns = svg.namespaceURI;
      this.model = model;
      this.world = world;
      this.onPick = onPick;
      this.located = model.nodes.map((n, i) => i).filter((i) => model.nodes[i].lat !== undefined);
      const places = model.nodes.filter((n) => n.type === "Place").length;
      const missing = places - this.located.filter((i) => model.nodes[i].type === "Place").length;
      note.textContent = cg.plural(this.located.length, "located place", "located places") +
        (missing ? " · " + cg.plural(missing, "place", "places") + " without coordinates (regions, states) not drawn" : "") +
        " · outline: Natural Earth";
      this.drawn = false;
    }

    node(tag, attrs) {
      const item = document.createElementNS(this.ns, tag);
      for (const [name, value] of Object.entries(attrs)) item.setAttribute(name, String(value));
      return item;
    }

    land() {
      const group = this.node("g", { class: "cg-land-layer" });
      const world = this.world();
      if (!world) return group;
      const arcs = decodeArcs(world);
      for (const geometry of world.objects.countries.geometries) {
        const polygons = geometry.type === "Polygon" ? [geometry.arcs]
          : geometry.type === "MultiPolygon" ? geometry.arcs : [];
        const d = polygons.map((rings) => rings.map((ring) => ringPath(ring, arcs)).join("")).join("");
        if (d) group.appendChild(this.node("path", { d: d, class: "cg-land" }));
      }
      return group;
    }

    // Redraw the places and links shown now; ``selected`` is a Set of node indices, ``look(i)``
    // gives a node's {size, color} as the chart draws it.
    update(filters, selected, look) {
      if (this.section.hidden) return;
      if (!this.drawn) {
        this.landLayer = this.land();
        this.drawn = true;
      }
      const shown = this.located.filter((i) => filters.nodeShown[i]);
      const points = new Map(shown.map((i) => [i, project(this.model.nodes[i].lon, this.model.nodes[i].lat)]));
      const box = this.frame([...points.values()]);
      this.svg.setAttribute("viewBox", box.join(" "));
      const unit = box[2] / 300; // map units per pixel, roughly
      const links = this.node("g", {});
      this.model.edges.forEach((e, j) => {
        if (!filters.edgeShown[j] || !points.has(e.from) || !points.has(e.to) || e.from === e.to) return;
        const [x1, y1] = points.get(e.from);
        const [x2, y2] = points.get(e.to);
        links.appendChild(this.node("line", { x1: x1, y1: y1, x2: x2, y2: y2, class: "cg-map-link",
          "stroke-width": e.typed ? 1.5 : 0.8, "stroke-dasharray": e.typed ? "" : "3 2" }));
      });
      const dots = this.node("g", {});
      for (const [i, [x, y]] of points) {
        const n = this.model.nodes[i];
        const { size, color } = look(i);
        const dot = this.node("circle", { cx: x, cy: y, r: fixed(unit * (2 + size / 6)), fill: color, class: selected.has(i) ? "cg-map-place cg-selected" : "cg-map-place",
          "data-node": i });
        const title = this.node("title", {});
        title.textContent = n.label;
        dot.appendChild(title);
        dot.addEventListener("click", () => this.onPick(i));
        dots.appendChild(dot);
      }
      this.svg.replaceChildren(this.landLayer, links, dots);
    }

    // A view box around the points (at least 40 x 20 degrees), shaped like the map.
    frame(points) {
      const rect = this.svg.getBoundingClientRect();
      const aspect = rect.width && rect.height ? rect.width / rect.height : 2;
      if (!points.length) return [0, 0, 360, 180];
      const xs = points.map((p) => p[0]);
      const ys = points.map((p) => p[1]);
      let [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
      let w = Math.max(x1 - x0 + 16, 40);
      let h = Math.max(y1 - y0 + 10, 20);
      if (w / h > aspect) h = w / aspect; else w = h * aspect;
      const cx = (x0 + x1) / 2;
      const cy = (y0 + y1) / 2;
      return [fixed(cx - w / 2), fixed(cy - h / 2), fixed(w), fixed(h)];
    }
  };
})(window.casegraphParts = window.casegraphParts || {});
