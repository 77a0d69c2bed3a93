// Sworm dashboard: polls api/status once a second and redraws. No dependencies, nothing loaded from outside.
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const el = (tag, attrs, text) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const svgNs = "http://www.w3.org/2000/svg";

  function render(s) {
    $("member").textContent = s.member + " (" + s.memberId + ")";
    $("state").textContent = s.state;
    $("state").className = "pill " + s.state.charAt(0).toUpperCase() + s.state.slice(1);
    $("updated").textContent = "updated " + new Date(s.now).toLocaleTimeString();
    $("members-count").textContent = s.clusterMembers.length;
    $("names-count").textContent = s.sworms.reduce((n, w) => n + w.names, 0);
    $("restarts-count").textContent = s.totals.restarts;
    $("failovers-count").textContent = s.totals.failovers;
    $("handoffs-count").textContent = s.totals.handoffs;

    const members = $("members");
    members.replaceChildren(...s.clusterMembers.map((m) =>
      el("li", { "class": m === s.member ? "member self" : "member", "data-member": m }, m)));

    const sworms = $("sworms");
    const parts = [el("h2", {}, "Names per member")];
    for (const w of s.sworms) {
      const block = el("div", { "class": "sworm", "data-sworm": w.name, "data-names": w.names });
      block.appendChild(el("div", { "class": "muted" }, w.name + ": " + w.names + " names on " + w.members.length + " members"));
      const entries = Object.entries(w.namesPerMember).sort((a, b) => a[0].localeCompare(b[0]));
      const max = Math.max(1, ...entries.map((e) => e[1]));
      for (const [member, n] of entries) {
        const row = el("div", { "class": "bar-row", "data-member": member, "data-names": n });
        row.appendChild(el("span", {}, member));
        const bar = el("div", { "class": "bar" });
        const fill = el("div", {});
        fill.style.width = (100 * n / max).toFixed(1) + "%";
        bar.appendChild(fill);
        row.appendChild(bar);
        row.appendChild(el("span", { "class": "n" }, String(n)));
        block.appendChild(row);
      }
      parts.push(block);
    }
    if (s.sworms.length === 0) parts.push(el("div", { "class": "muted" }, "this member runs no sworm"));
    sworms.replaceChildren(...parts);

    drawTimeline(s.timeline.buckets);

    $("events").replaceChildren(...s.events.map((e) => {
      const tr = el("tr", { "data-kind": e.kind });
      tr.appendChild(el("td", {}, new Date(e.at).toLocaleTimeString()));
      tr.appendChild(el("td", { "class": "kind" }, e.kind));
      tr.appendChild(el("td", {}, e.sworm || ""));
      tr.appendChild(el("td", {}, e.count > 1 ? e.text + "  (+" + (e.count - 1) + " more like it)" : e.text));
      return tr;
    }));
  }

  function drawTimeline(buckets) {
    const svg = $("timeline");
    const w = 600, h = 140, pad = 6;
    const series = [["restarts", "#fbbf24"], ["failovers", "#f87171"], ["handoffs", "#34d399"]];
    const max = Math.max(1, ...buckets.flatMap((b) => series.map(([k]) => b[k])));
    const x = (i) => pad + i * (w - 2 * pad) / Math.max(1, buckets.length - 1);
    const y = (v) => h - pad - v * (h - 2 * pad) / max;
    const nodes = [];
    for (let g = 1; g <= 3; g++) {
      const line = document.createElementNS(svgNs, "line");
      line.setAttribute("x1", 0); line.setAttribute("x2", w);
      line.setAttribute("y1", y(max * g / 4)); line.setAttribute("y2", y(max * g / 4));
      line.setAttribute("stroke", "#1e293b");
      nodes.push(line);
    }
    $("timeline-scale").textContent = "max " + max + " per 5 s";
    for (const [key, color] of series) {
      const p = document.createElementNS(svgNs, "polyline");
      p.setAttribute("points", buckets.map((b, i) => x(i).toFixed(1) + "," + y(b[key]).toFixed(1)).join(" "));
      p.setAttribute("fill", "none"); p.setAttribute("stroke", color); p.setAttribute("stroke-width", "2");
      p.setAttribute("data-series", key);
      nodes.push(p);
    }
    svg.replaceChildren(...nodes);
  }

  async function poll() {
    try {
      const response = await fetch("api/status", { cache: "no-store" });
      if (response.ok) {
        render(await response.json());
        document.body.dataset.ready = "true";
      } else {
        $("state").textContent = "HTTP " + response.status;
      }
    } catch (e) {
      $("state").textContent = "unreachable";
    }
    setTimeout(poll, 1000);
  }
  poll();
})();
