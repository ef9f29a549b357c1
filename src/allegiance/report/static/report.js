/* allegiance report: the signed network, its evidence, a timeline and tables.
 * Data comes from the JSON block with id "allegiance-data", read with
 * JSON.parse(textContent). Every piece of data reaches the page through textContent
 * or createElement; nothing is ever parsed as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("allegiance-data").textContent);
  var SVG = "http://www.w3.org/2000/svg";

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function svg(tag, attrs) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    return e;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function signWord(s) { return s > 0 ? "with" : "against"; }

  var nodesById = {};
  data.nodes.forEach(function (n) { nodesById[n.id] = n; });
  var edgesById = {};
  data.edges.forEach(function (e) { edgesById[e.id] = e; });
  var relsByActor = {};
  data.edges.forEach(function (e) {
    (relsByActor[e.source] = relsByActor[e.source] || []).push(e.id);
    (relsByActor[e.target] = relsByActor[e.target] || []).push(e.id);
  });
  function actorName(id) { return nodesById[id] ? nodesById[id].name : id; }
  // a large store's page holds aggregated ties only; evidence is fetched when asked for
  var summaryMode = !!data.meta.summary;
  var evidenceApi = data.meta.evidence_api || null;

  /* ---------------------------------------------------------------- periods */
  var periods = data.timeline.periods.map(function (p) { return p.label; });
  var fromInput = document.getElementById("time-from");
  var toInput = document.getElementById("time-to");
  var undatedInput = document.getElementById("time-undated");
  fromInput.max = toInput.max = String(Math.max(0, periods.length - 1));
  fromInput.value = "0";
  toInput.value = String(Math.max(0, periods.length - 1));
  if (!periods.length) {
    fromInput.disabled = true;
    toInput.disabled = true;
    Array.prototype.forEach.call(document.querySelectorAll("#time label, #time output"), function (e) {
      if (!e.contains(undatedInput)) e.hidden = true;
    });
    document.querySelector("#time legend").textContent = "Time (no dated relations)";
  }

  /* ---------------------------------------------------------------- kinds */
  var kindBox = document.getElementById("kinds");
  var kindOn = {};
  data.meta.kinds.forEach(function (k) {
    kindOn[k] = true;
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = k;
    box.className = "kind";
    box.addEventListener("change", function () { kindOn[k] = box.checked; filtersChanged(); });
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + k.replace("_", " ")));
    kindBox.appendChild(label);
  });

  /* ---------------------------------------------------------------- graph */
  var elements = [];
  data.nodes.forEach(function (n) {
    if (!n.drawn) return;
    elements.push({ group: "nodes", data: { id: n.id, name: n.name, shown: n.label === false ? "" : n.name,
                    colour: n.colour, size: n.size, font: Math.round(10 + n.size / 5) },
                    position: { x: n.x, y: n.y } });
  });
  data.edges.forEach(function (e) {
    if (!e.drawn) return;
    elements.push({ group: "edges", data: { id: e.id, source: e.source, target: e.target, sign: e.sign,
                    width: e.width }, classes: (e.past ? "past " : "") + (e.frustrated ? "frustrated" : "") });
  });
  var cy = cytoscape({
    container: document.getElementById("graph"),
    elements: elements,
    layout: { name: "preset", fit: true, padding: 30 },
    minZoom: 0.05, maxZoom: 6,
    style: [
      { selector: "node", style: { "background-color": "data(colour)", "width": "data(size)", "height": "data(size)",
        "label": "data(shown)", "font-size": "data(font)", "color": "#222", "text-valign": "bottom",
        "text-margin-y": 3, "text-outline-color": "#fff", "text-outline-width": 2, "min-zoomed-font-size": 6,
        "text-wrap": "ellipsis", "text-max-width": 160 } },
      { selector: "edge", style: { "width": "data(width)", "curve-style": "bezier", "opacity": 0.85,
        "line-color": "#1a9850" } },
      { selector: "edge[sign < 0]", style: { "line-color": "#d73027" } },
      { selector: "edge.past", style: { "line-style": "dashed", "line-dash-pattern": [6, 4] } },
      { selector: "edge.frustrated", style: { "underlay-color": "#ffb000", "underlay-opacity": 0.35,
        "underlay-padding": 3 } },
      { selector: ".hidden", style: { "display": "none" } },
      { selector: ".faded", style: { "opacity": 0.12 } },
      { selector: "node.match", style: { "border-width": 4, "border-color": "#111" } },
      { selector: "node[shown != '']", style: { "z-index": 5 } },
      { selector: "node.hover, node.match, node:selected", style: { "label": "data(name)", "z-index": 10 } },
      { selector: ":selected", style: { "overlay-color": "#000", "overlay-opacity": 0.15, "overlay-padding": 6 } }
    ]
  });
  window.allegianceCy = cy;  // for tests and the browser console
  // names that would collide are hidden (report/trust.py cull_labels); hovering shows them
  cy.on("mouseover", "node", function (evt) { evt.target.addClass("hover"); });
  cy.on("mouseout", "node", function (evt) { evt.target.removeClass("hover"); });

  /* ---------------------------------------------------------------- filters */
  function relVisible(r) {
    if (!kindOn[nodesById[r.source].kind] || !kindOn[nodesById[r.target].kind]) return false;
    if (!r.period) return undatedInput.checked;
    if (!periods.length) return true;
    var lo = periods[Math.min(+fromInput.value, +toInput.value)];
    var hi = periods[Math.max(+fromInput.value, +toInput.value)];
    return r.period >= lo && r.period <= hi;
  }
  function visibleRelations(edge) {
    return edge.relations.map(function (i) { return data.relations[i]; }).filter(relVisible);
  }
  function edgeInRange(e) {  /* summary mode: a tie's first..last dates against the time filter */
    if (!kindOn[nodesById[e.source].kind] || !kindOn[nodesById[e.target].kind]) return false;
    if (!e.first) return undatedInput.checked;
    if (!periods.length) return true;
    var n = periods[0].length;
    var lo = periods[Math.min(+fromInput.value, +toInput.value)];
    var hi = periods[Math.max(+fromInput.value, +toInput.value)];
    return e.last.slice(0, n) >= lo && e.first.slice(0, n) <= hi;
  }
  var statusLine = document.getElementById("status");
  function applyFilters() {
    var lo = Math.min(+fromInput.value, +toInput.value), hi = Math.max(+fromInput.value, +toInput.value);
    document.getElementById("time-from-label").textContent = periods.length ? periods[lo] : "";
    document.getElementById("time-to-label").textContent = periods.length ? periods[hi] : "";
    var shownNodes = {};
    var nEdges = 0;
    cy.batch(function () {
      cy.edges().forEach(function (ce) {
        var e = edgesById[ce.id()];
        if (summaryMode) {
          if (!edgeInRange(e)) { ce.addClass("hidden"); return; }
          ce.removeClass("hidden");
          shownNodes[e.source] = shownNodes[e.target] = true;
          nEdges += 1;
          return;
        }
        var rels = visibleRelations(e);
        if (!rels.length) { ce.addClass("hidden"); return; }
        var net = 0;
        rels.forEach(function (r) { net += r.sign * r.confidence; });
        ce.data("sign", net > 0 ? 1 : (net < 0 ? -1 : e.sign));
        ce.removeClass("hidden");
        shownNodes[e.source] = shownNodes[e.target] = true;
        nEdges += 1;
      });
      cy.nodes().forEach(function (cn) {
        if (shownNodes[cn.id()]) cn.removeClass("hidden"); else cn.addClass("hidden");
      });
    });
    var nNodes = Object.keys(shownNodes).length;
    statusLine.dataset.visibleNodes = String(nNodes);
    statusLine.dataset.visibleEdges = String(nEdges);
    var msg = "Showing " + nNodes + " actors and " + nEdges + " ties";
    if (data.meta.drawn_actors < data.meta.actors) {
      msg += " (the " + data.meta.drawn_actors + " most active of " + data.meta.actors +
        " actors are drawn; search finds every actor and its evidence)";
    }
    statusLine.textContent = msg + ".";
    drawTimeline();
    if (current) (current.kind === "edge" ? showEdge : showActor)(current.id);
  }
  function filtersChanged() {
    applyFilters();
    fitTo(cy.elements(":visible"));
  }
  function fitTo(eles) {
    if (eles.empty()) return;
    cy.fit(eles, 30);
    if (cy.zoom() > 1.5) { cy.zoom(1.5); cy.center(eles); }  // a handful of actors: do not blow them up
  }
  [fromInput, toInput].forEach(function (i) { i.addEventListener("input", filtersChanged); });
  undatedInput.addEventListener("change", filtersChanged);

  /* ---------------------------------------------------------------- evidence */
  var evTitle = document.getElementById("evidence-title");
  var evList = document.getElementById("evidence-list");
  var evHint = document.getElementById("evidence-hint");
  function sentenceNode(r) {
    var q = el("blockquote");
    var s = r.sentence, at = 0;
    r.marks.forEach(function (m) {
      if (m[0] > at) q.appendChild(document.createTextNode(s.slice(at, m[0])));
      q.appendChild(el("mark", s.slice(m[0], m[1]), m[2]));
      at = m[1];
    });
    if (at < s.length) q.appendChild(document.createTextNode(s.slice(at)));
    return q;
  }
  function safeUrl(u) {
    return typeof u === "string" && /^https?:\/\/[^\s]+$/i.test(u) ? u : null;
  }
  function evidenceItem(r) {
    var li = el("li", null, "evidence-item " + (r.sign > 0 ? "pos" : "neg"));
    li.dataset.relation = r.id;
    var head = el("p", null, "relation");
    head.appendChild(el("strong", actorName(r.source)));
    head.appendChild(document.createTextNode(" " + r.type + " (" + signWord(r.sign) + ") "));
    head.appendChild(el("strong", actorName(r.target)));
    if (r.time !== "current") head.appendChild(el("span", " [" + r.time + "]", "muted"));
    li.appendChild(head);
    li.appendChild(sentenceNode(r));
    var doc = data.documents[r.doc] || {};
    var meta = el("p", null, "doc muted");
    meta.appendChild(el("span", doc.title || "(untitled document)", "doc-title"));
    meta.appendChild(document.createTextNode(" · " + (r.date || doc.date || "undated")));
    if (doc.source) meta.appendChild(document.createTextNode(" · " + doc.source));
    var url = safeUrl(doc.url);
    if (url) {
      meta.appendChild(document.createTextNode(" · "));
      var a = el("a", "link");
      a.href = url;
      a.rel = "noopener noreferrer";
      a.target = "_blank";
      meta.appendChild(a);
    } else if (doc.url) {
      meta.appendChild(el("span", " · " + doc.url, "doc-url"));
    }
    meta.appendChild(el("span", " · doc " + r.doc + " · confidence " + r.confidence, "doc-id"));
    li.appendChild(meta);
    return li;
  }
  var PAGE = 200;
  function showEvidence(title, rels) {
    evTitle.textContent = title;
    clear(evList);
    evHint.textContent = rels.length ? rels.length + " sentence" + (rels.length > 1 ? "s" : "") :
      "No sentence in the current filters.";
    var shown = 0;
    var more = el("button", null, "more");
    more.type = "button";
    function next() {
      rels.slice(shown, shown + PAGE).forEach(function (r) { evList.appendChild(evidenceItem(r)); });
      shown = Math.min(rels.length, shown + PAGE);
      if (more.parentNode) more.parentNode.removeChild(more);
      if (shown < rels.length) {
        more.textContent = "show " + Math.min(PAGE, rels.length - shown) + " more of " + (rels.length - shown);
        evList.parentNode.appendChild(more);
      }
    }
    more.addEventListener("click", next);
    Array.prototype.forEach.call(document.querySelectorAll("#evidence button.more"), function (b) {
      b.parentNode.removeChild(b);
    });
    next();
  }
  var current = null;  // what the evidence panel shows, redrawn when the filters change
  function timeBounds() {  /* the time filter as ISO since/until, null when it spans everything */
    if (!periods.length) return {};
    var lo = Math.min(+fromInput.value, +toInput.value), hi = Math.max(+fromInput.value, +toInput.value);
    var out = {};
    if (lo > 0) out.since = (periods[lo] + "-01-01").slice(0, 10);
    if (hi < periods.length - 1) {
      var p = periods[hi];
      if (p.length === 4) out.until = p + "-12-31";
      else if (p.length === 7) out.until = p + "-" + String(new Date(+p.slice(0, 4), +p.slice(5, 7), 0).getDate());
      else out.until = p;
    }
    return out;
  }
  var requestNo = 0;
  function showRemoteEvidence(title, params) {
    /* summary mode: the evidence of a tie or an actor, one page of the API at a time */
    evTitle.textContent = title;
    clear(evList);
    Array.prototype.forEach.call(document.querySelectorAll("#evidence button.more"), function (b) {
      b.parentNode.removeChild(b);
    });
    if (!evidenceApi) {
      evHint.textContent = "This large report does not embed evidence sentences: open the store with " +
        "`allegiance serve` to read them.";
      return;
    }
    var mine = ++requestNo, shown = 0;
    var bounds = timeBounds();
    Object.keys(bounds).forEach(function (k) { params[k] = bounds[k]; });
    params.period_length = periods.length ? periods[0].length : 4;
    params.limit = PAGE;
    var more = el("button", null, "more");
    more.type = "button";
    evHint.textContent = "Loading the evidence…";
    function load(url) {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
        .then(function (page) {
          if (mine !== requestNo) return;
          Object.keys(page.documents).forEach(function (d) { data.documents[d] = page.documents[d]; });
          page.items.forEach(function (r) { evList.appendChild(evidenceItem(r)); });
          shown += page.items.length;
          evHint.textContent = shown ? shown + " sentence" + (shown > 1 ? "s" : "") + (page.next ? " so far" : "") :
            "No sentence in the current filters.";
          if (more.parentNode) more.parentNode.removeChild(more);
          if (page.next) {
            more.textContent = "show " + PAGE + " more";
            more.onclick = function () { load(page.next); };
            evList.parentNode.appendChild(more);
          }
        })
        .catch(function (err) {
          if (mine === requestNo) evHint.textContent = "The evidence could not be loaded (" + err.message + ").";
        });
    }
    var query = Object.keys(params).map(function (k) {
      return encodeURIComponent(k) + "=" + encodeURIComponent(String(params[k]));
    }).join("&");
    load(evidenceApi + "?" + query);
  }
  function showEdge(id) {
    current = { kind: "edge", id: id };
    var e = edgesById[id];
    if (!e) return;
    if (summaryMode) {
      showRemoteEvidence(actorName(e.source) + " — " + actorName(e.target) + ": " +
        (e.sign > 0 ? "with" : "against") + (e.frustrated ? " (strained)" : ""), { actor: e.source, other: e.target });
      return;
    }
    var rels = visibleRelations(e);
    showEvidence(actorName(e.source) + " — " + actorName(e.target) + ": " +
      (e.sign > 0 ? "with" : "against") + (e.frustrated ? " (strained)" : ""), rels);
  }
  function showActor(id) {
    current = { kind: "actor", id: id };
    if (summaryMode) {
      var a = nodesById[id];
      showRemoteEvidence(actorName(id) + " (" + (a ? a.kind : "") + (a && a.bloc !== null ? ", bloc " + (a.bloc + 1) : "") +
        ")", { actor: id });
      return;
    }
    var rels = [];
    (relsByActor[id] || []).forEach(function (eid) { rels = rels.concat(visibleRelations(edgesById[eid])); });
    var n = nodesById[id];
    showEvidence(actorName(id) + " (" + (n ? n.kind : "") + (n && n.bloc !== null ? ", bloc " + (n.bloc + 1) : "") +
      ")", rels);
  }
  cy.on("tap", "edge", function (evt) { showEdge(evt.target.id()); });
  cy.on("tap", "node", function (evt) { showActor(evt.target.id()); });

  /* ---------------------------------------------------------------- search */
  var searchInput = document.getElementById("search");
  var searchResults = document.getElementById("search-results");
  function runSearch() {
    var q = searchInput.value.trim().toLowerCase();
    cy.nodes().removeClass("match");
    clear(searchResults);
    if (!q) return;
    var hits = data.nodes.filter(function (n) {
      return n.name.toLowerCase().indexOf(q) >= 0 || n.id.toLowerCase().indexOf(q) >= 0;
    }).slice(0, 12);
    if (!hits.length) { searchResults.textContent = "no actor matches"; return; }
    var drawnHits = cy.collection();
    hits.forEach(function (n) {
      var b = el("button", n.name + (n.drawn ? "" : " (not drawn)"), "hit");
      b.type = "button";
      b.addEventListener("click", function () {
        showActor(n.id);
        var cn = cy.getElementById(n.id);
        if (cn.nonempty()) { cy.animate({ center: { eles: cn }, zoom: 1.6 }, { duration: 200 }); cn.select(); }
      });
      searchResults.appendChild(b);
      var cn = cy.getElementById(n.id);
      if (cn.nonempty()) drawnHits = drawnHits.union(cn);
    });
    drawnHits.addClass("match");
    if (drawnHits.nonempty()) cy.fit(drawnHits.closedNeighborhood(), 60);
  }
  searchInput.addEventListener("input", runSearch);

  /* ---------------------------------------------------------------- zoom */
  function zoomBy(f) {
    cy.zoom({ level: cy.zoom() * f, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  }
  document.getElementById("zoom-in").addEventListener("click", function () { zoomBy(1.25); });
  document.getElementById("zoom-out").addEventListener("click", function () { zoomBy(0.8); });
  document.getElementById("zoom-fit").addEventListener("click", function () { fitTo(cy.elements(":visible")); });
  document.getElementById("reset").addEventListener("click", function () {
    fromInput.value = "0";
    toInput.value = String(Math.max(0, periods.length - 1));
    undatedInput.checked = true;
    Array.prototype.forEach.call(document.querySelectorAll("input.kind"), function (b) { b.checked = true; kindOn[b.value] = true; });
    searchInput.value = "";
    runSearch();
    applyFilters();
    fitTo(cy.elements());
  });

  /* ---------------------------------------------------------------- timeline */
  function drawTimeline() {
    var box = document.getElementById("timeline");
    clear(box);
    var counts = {};
    periods.forEach(function (p) { counts[p] = [0, 0]; });
    if (summaryMode) {  /* counted by the database, all kinds together */
      data.timeline.periods.forEach(function (p) { counts[p.label] = [p.positive, p.negative]; });
    }
    data.relations.forEach(function (r) {
      if (!r.period || !counts[r.period]) return;
      if (!kindOn[nodesById[r.source].kind] || !kindOn[nodesById[r.target].kind]) return;
      counts[r.period][r.sign > 0 ? 0 : 1] += 1;
    });
    if (!periods.length) { box.appendChild(el("p", "No dated relations.", "muted")); return; }
    var lo = Math.min(+fromInput.value, +toInput.value), hi = Math.max(+fromInput.value, +toInput.value);
    var max = 1;
    periods.forEach(function (p) { max = Math.max(max, counts[p][0], counts[p][1]); });
    var W = Math.max(600, box.clientWidth || 900), H = 150, mid = 75, bw = Math.min(40, W / periods.length);
    var g = svg("svg", { width: W, height: H + 18, viewBox: "0 0 " + W + " " + (H + 18), role: "img" });
    periods.forEach(function (p, i) {
      var inRange = i >= lo && i <= hi;
      var c = counts[p];
      var hp = (mid - 4) * c[0] / max, hn = (mid - 4) * c[1] / max;
      var bar = svg("rect", { x: i * bw + 1, y: mid - hp, width: Math.max(1, bw - 2), height: hp,
        fill: "#1a9850", opacity: inRange ? 1 : 0.25 });
      bar.appendChild(svg("title")).textContent = p + ": " + c[0] + " with";
      g.appendChild(bar);
      var barN = svg("rect", { x: i * bw + 1, y: mid, width: Math.max(1, bw - 2), height: hn,
        fill: "#d73027", opacity: inRange ? 1 : 0.25 });
      barN.appendChild(svg("title")).textContent = p + ": " + c[1] + " against";
      g.appendChild(barN);
    });
    g.appendChild(svg("line", { x1: 0, x2: W, y1: mid, y2: mid, stroke: "#555" }));
    var step = Math.max(1, Math.ceil(periods.length / 12), Math.ceil(7 * periods[0].length / bw));
    periods.forEach(function (p, i) {
      if (i % step) return;
      var t = svg("text", { x: i * bw + 2, y: H + 14, "font-size": 10, fill: "#444" });
      t.textContent = p;
      g.appendChild(t);
    });
    box.appendChild(el("h3", "Relations per " + data.timeline.period + " (up: with, down: against)"));
    box.appendChild(g);
  }
  function drawBalance() {
    var box = document.getElementById("balance-chart");
    clear(box);
    var rows = data.timeline.balance.filter(function (r) { return r.edges > 0; });
    if (!rows.length) return;
    var banded = rows.some(function (r) { return r.chance && r.chance.normalised_frustration; });
    box.appendChild(el("h3", "Balance per " + (data.meta.window || "window") +
      " window (1 = perfectly balanced; normalised frustration 1 − 2L/m" +
      (banded ? "; grey band: 5–95% of shuffled signs over the same ties; hollow dot: too little data)" : ")")));
    var W = Math.max(600, box.clientWidth || 900), H = 120, n = rows.length;
    var g = svg("svg", { width: W, height: H + 30, viewBox: "0 0 " + W + " " + (H + 30), role: "img" });
    function X(i) { return n === 1 ? W / 2 : 20 + i * (W - 40) / (n - 1); }
    function Y(v) { return 8 + (1 - (v + 1) / 2) * (H - 16); }
    var pts = [], upper = [], lower = [];
    rows.forEach(function (r, i) {
      var x = X(i), v = r.normalised === null ? 0 : r.normalised;
      pts.push(x + "," + Y(v));
      var band = r.chance && r.chance.normalised_frustration && r.chance.normalised_frustration.band;
      if (band && band[0] !== null) { upper.push(x + "," + Y(band[1])); lower.unshift(x + "," + Y(band[0])); }
      var weak = r.verdict === "too little data to say";
      var c = svg("circle", { cx: x, cy: Y(v), r: 4, fill: weak ? "#fff" : "#333", stroke: "#333",
                              "class": "balance-point" });
      c.appendChild(svg("title")).textContent = r.label + ": " + r.edges + " ties, normalised " + r.normalised +
        (band ? ", chance " + band[0] + "–" + band[1] : "") + (r.verdict ? "; " + r.verdict : "");
      g.appendChild(c);
      if (i % Math.max(1, Math.ceil(n / 8)) === 0) {
        var t = svg("text", { x: Math.max(0, Math.min(x - 20, W - 64)), y: H + 20, "font-size": 10, fill: "#444" });
        t.textContent = r.label.slice(0, 10);
        g.appendChild(t);
      }
    });
    g.insertBefore(svg("polyline", { points: pts.join(" "), fill: "none", stroke: "#666" }), g.firstChild);
    if (upper.length > 1) {
      g.insertBefore(svg("polygon", { points: upper.concat(lower).join(" "), fill: "#ccc", opacity: 0.6,
                                      "class": "chance-band" }), g.firstChild);
    }
    [1, 0, -1].forEach(function (v) {
      g.insertBefore(svg("line", { x1: 0, x2: W, y1: Y(v), y2: Y(v), stroke: "#ddd" }), g.firstChild);
      var t = svg("text", { x: 2, y: Y(v) - 2, "font-size": 9, fill: "#888" });
      t.textContent = String(v);
      g.appendChild(t);
    });
    box.appendChild(g);
  }
  function drawVerdict() {
    var s = data.tables.significance;
    if (!s) return;
    var v = document.getElementById("verdict");
    v.textContent = "Balance of the whole map: " + s.verdict + ".";
    if (s.verdict === "too little data to say") v.className = "verdict no-data";
    var parts = s.null_models.filter(function (c) { return c.observed !== null; }).map(function (c) {
      return c.measure.replace(/_/g, " ") + " " + c.observed + " vs " + c.model + " " + c.expected +
        " (z " + c.z + ", p " + c.p_value + ")";
    });
    document.getElementById("verdict-reason").textContent = s.reason + ". " + parts.join("; ") + " — " +
      s.samples + " null samples each, seed " + s.seed + ".";
  }
  function drawWindows() {
    var W = data.timeline.windows;
    if (!W) return;
    var box = document.getElementById("bloc-timeline");
    clear(box);
    box.appendChild(el("h3", "Bloc membership over time (" + W.window + " windows, every " + W.step +
      "; one colour per bloc followed from window to window; blank: absent or alone)"));
    var wins = W.windows, actors = {}, order = [];
    wins.forEach(function (w) { Object.keys(w.blocs).forEach(function (a) {
      if (!(a in actors)) { actors[a] = 1; order.push(a); } }); });
    var t = el("table"), head = el("tr");
    head.appendChild(el("th", "Actor"));
    wins.forEach(function (w) { head.appendChild(el("th", w.label.slice(0, 10), "win")); });
    t.appendChild(el("thead")).appendChild(head);
    var body = el("tbody");
    order.forEach(function (a) {
      var tr = el("tr");
      tr.appendChild(el("td", actorName(a)));
      wins.forEach(function (w) {
        var td = el("td", "", "cell"), k = w.blocs[a];
        if (k !== undefined) {
          td.style.backgroundColor = data.meta.bloc_colours[k % data.meta.bloc_colours.length];
          td.title = actorName(a) + ", " + w.label + ": bloc " + (k + 1);
          td.dataset.bloc = String(k);
        }
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    t.appendChild(body);
    box.appendChild(t);
    var moves = document.getElementById("moves");
    clear(moves);
    moves.appendChild(table("camp-moves", "Who moved camp, and when", [
      ["Actor", function (m) { return actorName(m.actor); }],
      ["When", function (m) { return m.previous.slice(0, 10) + " → " + m.window.slice(0, 10); }],
      ["Left", function (m) { return m.left.map(actorName).join(", "); }],
      ["Joined", function (m) { return m.joined.length ? m.joined.map(actorName).join(", ") : "(alone)"; }],
      ["Evidence", function (m) { return m.evidence.length + " relations"; }]], W.moves, function (m) {
        showEvidence(actorName(m.actor) + " moved camp", m.evidence.map(function (i) { return data.relations[i]; }));
      }));
    var changes = document.getElementById("sign-changes");
    clear(changes);
    changes.appendChild(table("sign-change-table", "Ties that changed sign", [
      ["Tie", function (c) { return actorName(c.source) + " — " + actorName(c.target); }],
      ["Was", function (c) { return signWord(c.before) + " (" + c.previous.slice(0, 10) + ")"; }],
      ["Became", function (c) { return signWord(c.after) + " (" + c.window.slice(0, 10) + ")"; }],
      ["Evidence", function (c) { return c.evidence.length + " relations"; }]], W.sign_changes, function (c) {
        showEvidence(actorName(c.source) + " — " + actorName(c.target) + " turned " + signWord(c.after),
          c.evidence.map(function (i) { return data.relations[i]; }));
      }));
  }
  /* ---------------------------------------------------------------- tables */
  function table(id, caption, columns, rows, onRow) {
    var section = el("section", null, "table");
    section.id = id;
    section.appendChild(el("h2", caption));
    if (!rows.length) { section.appendChild(el("p", "None.", "muted")); return section; }
    var t = el("table");
    var tr = el("tr");
    columns.forEach(function (c) { tr.appendChild(el("th", c[0])); });
    t.appendChild(el("thead")).appendChild(tr);
    var body = el("tbody");
    rows.forEach(function (row) {
      var r = el("tr");
      columns.forEach(function (c) { r.appendChild(el("td", c[1](row))); });
      if (onRow) { r.className = "clickable"; r.addEventListener("click", function () { onRow(row); }); }
      body.appendChild(r);
    });
    t.appendChild(body);
    section.appendChild(t);
    return section;
  }
  function focusEdge(row) {
    showEdge(row.edge);
    var ce = cy.getElementById(row.edge);
    if (ce.nonempty()) { cy.elements().unselect(); ce.select(); }
    document.getElementById("evidence").scrollIntoView({ block: "nearest" });
  }
  var pair = ["Tie", function (r) { return r.source_name + " — " + r.target_name; }];
  var tables = document.getElementById("tables");
  var T = data.tables;
  tables.appendChild(table("alliances", "Strongest alliances", [pair,
    ["Strength", function (r) { return r.weight; }], ["Relations", function (r) { return r.count; }]],
    T.alliances, focusEdge));
  tables.appendChild(table("rivalries", "Strongest rivalries", [pair,
    ["Strength", function (r) { return r.weight; }], ["Relations", function (r) { return r.count; }]],
    T.rivalries, focusEdge));
  tables.appendChild(table("strained", "Most strained ties", [pair,
    ["Now", function (r) { return signWord(r.sign); }],
    ["Balanced map says", function (r) { return r.frustrated ? signWord(r.balanced_sign) + " (flip)" : signWord(r.sign); }],
    ["Unbalanced triangles", function (r) { return r.unbalanced_triangles + " of " + r.triangles; }]],
    T.strained, focusEdge));
  tables.appendChild(table("fragile", "Fragile alliances (held together by shared enemies)", [pair,
    ["Shared enemies", function (r) { return r.shared_enemies; }],
    ["Shared friends", function (r) { return r.shared_friends; }],
    ["Fragility", function (r) { return r.fragility; }]], T.fragile, focusEdge));
  var blocTable = table("blocs", "Blocs and their members", [
    ["Bloc", function (r) { return (r.window ? r.window.slice(0, 10) + " · " : "") + (r.bloc + 1); }],
    ["Size", function (r) { return r.size; }],
    ["Members", function (r) { return r.members.map(function (m) { return m[0]; }).join(", "); }]], T.blocs, null);
  if (data.meta.bloc_meaning) blocTable.insertBefore(el("p", data.meta.bloc_meaning, "note"), blocTable.children[1]);
  tables.appendChild(blocTable);
  var componentTable = table("components", "Balance per connected piece (4 actors or more)", [
    ["Piece", function (r) { return r.i; }], ["Actors", function (r) { return r.nodes; }],
    ["Ties (hostile)", function (r) { return r.edges + " (" + r.negative_edges + ")"; }],
    ["Triangle balance", function (r) { return r.triangle_balance === null ? "no triangles" : r.triangle_balance; }],
    ["Frustration", function (r) { return r.frustration; }],
    ["Two camps / blocs", function (r) { return r.camps.length + " / " + r.blocs.length; }],
    ["Dipoles (hostile bloc pairs)", function (r) {
      return r.dipoles.map(function (d) {
        return r.blocs[d.blocs[0]].map(actorName).join(", ") + " vs " + r.blocs[d.blocs[1]].map(actorName).join(", ") +
          " (" + d.negative + "/" + d.ties + " hostile)";
      }).join("; ") || "none"; }]],
    (T.components || []).map(function (c, i) { c.i = i + 1; return c; }), null);
  if (data.meta.camps_vs_blocs) componentTable.insertBefore(el("p", data.meta.camps_vs_blocs, "note"),
                                                            componentTable.children[1]);
  tables.appendChild(componentTable);
  if (T.forecast && T.forecast.rows.length) {
    var fc = table("forecast", "Will these alliances survive? (chance of turning hostile or lapsing by the next window)", [
      ["Alliance", function (r) { return r.source_name + " — " + r.target_name; }],
      ["Chance it breaks", function (r) { return Math.round(100 * r.probability) + "%"; }],
      ["Held only by a shared enemy", function (r) { return r.enemy_only ? "yes" : "no"; }],
      ["Strained", function (r) { return r.frustrated ? "yes" : "no"; }],
      ["Held in earlier windows", function (r) { return Math.round(100 * r.persistence) + "%"; }]], T.forecast.rows, null);
    fc.insertBefore(el("p", "Fitted on " + T.forecast.trained_on + " earlier alliances of this corpus, " +
      T.forecast.events + " of which broke by the next window; on the Correlates of War windows this model " +
      "ranks breaking alliances little better than the ends' degrees (benchmarks/results/alliance_forecast.json).",
      "note"), fc.children[1]);
    tables.appendChild(fc);
  }
  tables.appendChild(table("predictions", "Predicted signs of unobserved pairs (enemy of my enemy)", [
    ["Pair", function (r) { return r.source_name + " — " + r.target_name; }],
    ["Predicted", function (r) { return signWord(r.sign); }],
    ["Confidence", function (r) { return r.confidence; }],
    ["Common neighbours", function (r) { return r.common_neighbours; }]], T.predictions, null));

  drawBalance();
  drawVerdict();
  drawWindows();
  applyFilters();
  fitTo(cy.elements());
  document.body.dataset.ready = "1";
})();
