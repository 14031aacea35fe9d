/* /network: draws the server's network data with vis-network (served by the app itself).
   Every label, tooltip and panel text is set as text (textContent), never parsed as HTML. */
(function () {
  "use strict";
  var container = document.getElementById("network");
  var source = document.getElementById("network-data");
  if (!container || !source || typeof vis === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  /* info[id] = [label, href, kind, [metric values in data.metricNames order]] */
  var info = {};
  Object.keys(data.info).forEach(function (id) {
    var row = data.info[id];
    info[id] = { label: row[0], href: row[1], kind: row[2], values: row[3] };
  });
  var messages = data.messages;
  var status = document.getElementById("network-status");
  var panel = document.getElementById("network-panel");

  function say(text) { if (status) { status.textContent = text; } }
  function fill(template, n) { return template.replace("{n}", String(n)); }

  /* Tooltips: vis-network shows a DOM element as it is; build it from text. */
  function tip(text) {
    var div = document.createElement("div");
    div.className = "network-tip";
    div.textContent = text;
    return div;
  }
  data.nodes.forEach(function (n) { if (typeof n.title === "string") { n.title = tip(n.title); } });
  data.edges.forEach(function (e, i) {
    e.id = "e" + i;
    if (typeof e.title === "string") { e.title = tip(e.title); }
  });

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  var drawn = false;

  network.on("afterDrawing", function () {
    if (drawn) { return; }
    drawn = true;
    container.setAttribute("data-draw-ms", String(Math.round(performance.now())));
    container.setAttribute("data-nodes-drawn", String(nodes.length));
    say(fill(messages.drawn, nodes.length));
    if (data.focus) {
      network.selectNodes([data.focus]);
      showPanel(data.focus);
    }
  });
  if (data.physics) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      container.setAttribute("data-stabilized", "true");
    });
  }

  function safeHref(href) {
    return typeof href === "string" && /^(\/(?!\/)|https?:\/\/)/.test(href) ? href : null;
  }

  function element(tag, text, className) {
    var el = document.createElement(tag);
    if (text !== undefined && text !== null) { el.textContent = String(text); }
    if (className) { el.className = className; }
    return el;
  }

  function link(text, href) {
    var a = element("a", text);
    var safe = safeHref(href);
    if (safe) { a.href = safe; }
    return a;
  }

  function focusNode(id) {
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 350 } });
    showPanel(id);
  }

  function showPanel(id) {
    var item = info[id];
    if (!item || !panel) { return; }
    panel.textContent = "";
    panel.appendChild(element("h3", item.label));
    panel.appendChild(element("p", data.kindNames[item.kind] || item.kind, "muted"));
    var dl = element("dl", null, "meta");
    data.metricNames.forEach(function (name, i) {
      if (item.kind !== "agency" && (i === 2 || i === 3)) { return; }  /* leads, supports: agencies only */
      dl.appendChild(element("dt", name));
      dl.appendChild(element("dd", item.values[i]));
    });
    panel.appendChild(dl);
    var actions = element("p", null, "network-actions");
    actions.appendChild(link(messages.open, item.href));
    if (item.kind === "agency") {
      actions.appendChild(document.createTextNode(" · "));
      actions.appendChild(link(messages.partners, data.partnersUrl + encodeURIComponent(id)));
    }
    panel.appendChild(actions);
    var connected = network.getConnectedEdges(id).map(function (eid) {
      var e = edges.get(eid);
      return { other: e.from === id ? e.to : e.from, weight: e.w || 1, role: e.role };
    }).sort(function (a, b) { return b.weight - a.weight; });
    panel.appendChild(element("h4", messages.neighbours + " (" + connected.length + ")"));
    var list = element("ul", null, "network-neighbours");
    connected.slice(0, 15).forEach(function (c) {
      var li = element("li");
      var button = element("button", info[c.other] ? info[c.other].label : c.other, "linklike");
      button.type = "button";
      button.addEventListener("click", function () { focusNode(c.other); });
      li.appendChild(button);
      if (c.weight > 1) { li.appendChild(element("span", "×" + c.weight, "muted")); }
      if (c.role === "lead" && data.kind !== "coresponsibility") { li.appendChild(element("span", messages.lead, "badge lead")); }
      list.appendChild(li);
    });
    if (!connected.length) { list.appendChild(element("li", messages.none)); }
    panel.appendChild(list);
  }

  network.on("click", function (params) {
    if (params.nodes.length) { showPanel(params.nodes[0]); }
  });
  network.on("doubleClick", function (params) {
    if (params.nodes.length) {
      var href = safeHref(info[params.nodes[0]] && info[params.nodes[0]].href);
      if (href) { window.location.href = href; }
    }
  });

  /* Search and focus. */
  var labels = document.getElementById("network-labels");
  if (labels) {
    var seen = {};
    Object.keys(info).forEach(function (id) {
      var label = info[id].label;
      if (!seen[label]) {
        seen[label] = true;
        var option = document.createElement("option");
        option.value = label;
        labels.appendChild(option);
      }
    });
  }
  var search = document.getElementById("network-search");
  if (search) {
    search.addEventListener("submit", function (event) {
      event.preventDefault();
      var query = document.getElementById("network-find").value.trim().toLowerCase();
      if (!query) { return; }
      var ids = Object.keys(info);
      var exact = ids.filter(function (id) { return info[id].label.toLowerCase() === query; });
      var matches = exact.length ? exact : ids.filter(function (id) {
        return info[id].label.toLowerCase().indexOf(query) >= 0;
      });
      if (!matches.length) { say(messages.not_found); return; }
      say(fill(messages.found, matches.length));
      if (matches.length === 1) {
        focusNode(matches[0]);
      } else {
        network.selectNodes(matches);
        network.fit({ nodes: matches, animation: { duration: 350 } });
        showPanel(matches[0]);
      }
    });
  }
  var fit = document.getElementById("network-fit");
  if (fit) { fit.addEventListener("click", function () { network.fit({ animation: { duration: 300 } }); }); }

  /* Downloads of the current view. */
  function save(url, name) {
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }
  var png = document.getElementById("network-png");
  if (png) {
    png.addEventListener("click", function () {
      var canvas = container.querySelector("canvas");
      var copy = document.createElement("canvas");
      copy.width = canvas.width;
      copy.height = canvas.height;
      var ctx = copy.getContext("2d");
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, copy.width, copy.height);
      ctx.drawImage(canvas, 0, 0);
      save(copy.toDataURL("image/png"), "network.png");
    });
  }
  var svgButton = document.getElementById("network-svg");
  if (svgButton) {
    svgButton.addEventListener("click", function () {
      var blob = new Blob([toSvg()], { type: "image/svg+xml" });
      var url = URL.createObjectURL(blob);
      save(url, "network.svg");
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    });
  }

  function toSvg() {
    var NS = "http://www.w3.org/2000/svg";
    var pos = network.getPositions();
    var xs = [], ys = [];
    Object.keys(pos).forEach(function (id) { xs.push(pos[id].x); ys.push(pos[id].y); });
    var pad = 80;
    var minX = Math.min.apply(null, xs) - pad, minY = Math.min.apply(null, ys) - pad;
    var width = Math.max.apply(null, xs) - minX + pad, height = Math.max.apply(null, ys) - minY + pad;
    var svg = document.createElementNS(NS, "svg");
    svg.setAttribute("xmlns", NS);
    svg.setAttribute("viewBox", [minX, minY, width, height].join(" "));
    svg.setAttribute("width", String(Math.round(width)));
    svg.setAttribute("height", String(Math.round(height)));
    svg.setAttribute("font-family", "Noto Sans CJK SC, sans-serif");
    function add(tag, attrs, parent) {
      var el = document.createElementNS(NS, tag);
      Object.keys(attrs).forEach(function (k) { el.setAttribute(k, String(attrs[k])); });
      (parent || svg).appendChild(el);
      return el;
    }
    add("rect", { x: minX, y: minY, width: width, height: height, fill: "#ffffff" });
    var marker = add("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 22, refY: 5, markerWidth: 6,
                                 markerHeight: 6, orient: "auto-start-reverse" }, add("defs", {}));
    add("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: "#7d8896" }, marker);
    edges.forEach(function (e) {
      var a = pos[e.from], b = pos[e.to];
      if (!a || !b) { return; }
      var attrs = { x1: a.x, y1: a.y, x2: b.x, y2: b.y, stroke: e.color || "#888888",
                    "stroke-width": e.width || 1, "stroke-opacity": 0.85 };
      if (data.directed) { attrs["marker-end"] = "url(#arrow)"; }
      if (e.dashes) { attrs["stroke-dasharray"] = e.dashes.join(" "); }
      add("line", attrs);
    });
    nodes.forEach(function (n) {
      var p = pos[n.id];
      if (!p) { return; }
      var r = n.size || 10, fillColour = n.color, stroke = "#1d2733";
      var shape = n.shape;
      if (shape === "square") {
        add("rect", { x: p.x - r, y: p.y - r, width: 2 * r, height: 2 * r, fill: fillColour, stroke: stroke });
      } else if (shape === "diamond") {
        add("polygon", { points: [p.x, p.y - r, p.x + r, p.y, p.x, p.y + r, p.x - r, p.y].join(" "),
                         fill: fillColour, stroke: stroke });
      } else if (shape === "triangle") {
        add("polygon", { points: [p.x, p.y - r, p.x + r, p.y + r, p.x - r, p.y + r].join(" "),
                         fill: fillColour, stroke: stroke });
      } else {
        add("circle", { cx: p.x, cy: p.y, r: r, fill: fillColour, stroke: stroke });
      }
      var text = add("text", { x: p.x, y: p.y + r + 14, "text-anchor": "middle", "font-size": (n.font && n.font.size) || 14,
                               fill: "#1d2733", stroke: "#ffffff", "stroke-width": 3, "paint-order": "stroke" });
      text.textContent = n.label;
    });
    return new XMLSerializer().serializeToString(svg);
  }
}());
