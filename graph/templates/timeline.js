/* casegraph view, part 8: the timeline under the chart, a histogram of dated articles, events
   and figures with a brush that sets the date range, and steps / play through time. */
(function (cg) {
  "use strict";

  const KINDS = ["article", "event", "figure"];

  function lastDay(year, month) {
    return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10); // month is 1-based
  }

  cg.Timeline = class {
    // ``onRange(from, to)`` runs when the brush or a step changes the range ("" = open).
    constructor(svg, label, model, onRange) {
      this.svg = svg;
      this.label = label;
      this.ns = svg.namespaceURI;
      this.onRange = onRange;
      this.range = null; // [first bin, last bin] or null
      this.timer = null;
      const items = [];
      for (const a of model.data.articles) if (a.date) items.push(["article", a.date]);
      for (const n of model.nodes) {
        if (n.start || n.end) items.push(["event", n.start || n.end]);
        for (const c of n.claims) if (c.date) items.push(["figure", c.date]);
      }
      this.bins = this.makeBins(items);
      svg.addEventListener("pointerdown", (event) => this.press(event));
      svg.addEventListener("pointermove", (event) => this.drag(event));
      svg.addEventListener("pointerup", (event) => this.release(event));
      new ResizeObserver(() => this.draw()).observe(svg);
    }

    // Yearly bins over a long span, monthly over three years or less.
    makeBins(items) {
      if (!items.length) return [];
      const dates = items.map((it) => it[1]).sort();
      const first = dates[0];
      const last = dates[dates.length - 1];
      const years = Number(last.slice(0, 4)) - Number(first.slice(0, 4));
      const bins = [];
      const index = new Map();
      if (years > 3) {
        for (let y = Number(first.slice(0, 4)); y <= Number(last.slice(0, 4)); y++) {
          index.set(String(y), bins.length);
          bins.push({ from: y + "-01-01", to: y + "-12-31", label: String(y) });
        }
      } else {
        let [y, m] = [Number(first.slice(0, 4)), Number(first.slice(5, 7))];
        const end = last.slice(0, 7);
        for (;;) {
          const key = y + "-" + String(m).padStart(2, "0");
          index.set(key, bins.length);
          bins.push({ from: key + "-01", to: lastDay(y, m), label: key });
          if (key >= end) break;
          m += 1;
          if (m > 12) { m = 1; y += 1; }
        }
      }
      const keyOf = years > 3 ? (d) => d.slice(0, 4) : (d) => d.slice(0, 7);
      for (const bin of bins) bin.counts = { article: 0, event: 0, figure: 0 };
      for (const [kind, date] of items) bins[index.get(keyOf(date))].counts[kind] += 1;
      return bins;
    }

    node(tag, attrs, text) {
      const item = document.createElementNS(this.ns, tag);
      for (const [name, value] of Object.entries(attrs)) item.setAttribute(name, String(value));
      if (text !== undefined) item.textContent = text;
      return item;
    }

    geometry() {
      const width = this.svg.clientWidth || 600;
      const height = this.svg.clientHeight || 60;
      return { width, height, bar: width / Math.max(this.bins.length, 1), base: height - 12 };
    }

    draw() {
      const { width, height, bar, base } = this.geometry();
      this.svg.setAttribute("viewBox", "0 0 " + width + " " + height);
      const parts = [];
      const top = Math.max(1, ...this.bins.map((b) => KINDS.reduce((s, k) => s + b.counts[k], 0)));
      const every = Math.max(1, Math.ceil(this.bins.length / Math.max(1, width / 48)));
      this.bins.forEach((bin, k) => {
        let y = base;
        for (const kind of KINDS) {
          const h = (bin.counts[kind] / top) * (base - 4);
          if (!h) continue;
          y -= h;
          const rect = this.node("rect", { x: k * bar + 1, y: y, width: Math.max(bar - 2, 1), height: h,
            class: "cg-bar-" + kind });
          rect.appendChild(this.node("title", {}, bin.label + ": " + cg.plural(bin.counts[kind], kind, kind + "s")));
          parts.push(rect);
        }
        if (k % every === 0) {
          parts.push(this.node("text", { x: k * bar + 2, y: height - 2, class: "cg-tick" }, bin.label));
        }
      });
      if (this.range) {
        const [a, b] = this.range;
        parts.push(this.node("rect", { x: a * bar, y: 0, width: (b - a + 1) * bar, height: base,
          class: "cg-brush", id: "cg-brush" }));
      }
      this.svg.replaceChildren(...parts);
      this.label.textContent = this.range
        ? this.bins[this.range[0]].from + " – " + this.bins[this.range[1]].to
        : this.bins.length ? "all dates (" + this.bins[0].label + " – " + this.bins[this.bins.length - 1].label + ")" : "no dates";
    }

    binAt(event) {
      const { bar } = this.geometry();
      const x = event.clientX - this.svg.getBoundingClientRect().left;
      return Math.max(0, Math.min(this.bins.length - 1, Math.floor(x / bar)));
    }

    press(event) {
      if (!this.bins.length) return;
      this.stop();
      this.anchor = this.binAt(event);
      this.svg.setPointerCapture(event.pointerId);
      this.select(this.anchor, this.anchor);
    }

    drag(event) {
      if (this.anchor === undefined) return;
      const k = this.binAt(event);
      this.select(Math.min(k, this.anchor), Math.max(k, this.anchor));
    }

    release() {
      this.anchor = undefined;
    }

    // Select bins a..b (null: every date) and tell the page.
    select(a, b) {
      const same = this.range && this.range[0] === a && this.range[1] === b;
      this.range = a === null ? null : [a, b];
      this.draw();
      if (same) return;
      if (this.range) this.onRange(this.bins[a].from, this.bins[b].to);
      else this.onRange("", "");
    }

    // The date inputs changed: show the bins the range covers.
    show(from, to) {
      if (!from && !to) { this.range = null; this.draw(); return; }
      const a = this.bins.findIndex((bin) => !from || bin.to >= from);
      let b = -1;
      this.bins.forEach((bin, k) => { if (!to || bin.from <= to) b = k; });
      this.range = a >= 0 && b >= a ? [a, b] : null;
      this.draw();
    }

    // Move the selection by its own width (no selection: start with the first bin).
    step(direction) {
      if (!this.bins.length) return false;
      if (!this.range) {
        const k = direction > 0 ? 0 : this.bins.length - 1;
        this.select(k, k);
        return true;
      }
      const [a, b] = this.range;
      const width = b - a + 1;
      const start = Math.max(0, Math.min(this.bins.length - width, a + direction * width));
      if (start === a) return false;
      this.select(start, start + width - 1);
      return true;
    }

    play(button) {
      if (this.timer) { this.stop(); return; }
      button.setAttribute("aria-pressed", "true");
      button.textContent = "Pause";
      this.button = button;
      if (this.range && this.range[1] === this.bins.length - 1) this.range = null;
      this.step(1);
      this.timer = setInterval(() => { if (!this.step(1)) this.stop(); }, 1000);
    }

    stop() {
      if (!this.timer) return;
      clearInterval(this.timer);
      this.timer = null;
      this.button.setAttribute("aria-pressed", "false");
      this.button.textContent = "Play";
    }
  };
})(window.casegraphParts = window.casegraphParts || {});
