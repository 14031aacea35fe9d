/* The SPARQL editor: replaces the plain form of /query with YASGUI on the app's own /sparql endpoint.
 * Nothing here (or in YASGUI as configured) requests anything outside the app's origin: no prefix.cc,
 * no Linked Open Vocabularies look-ups, no endpoint catalogue, no URL shortener. Share links are
 * /query?query=<SPARQL>. Results: table, raw response, and a bar chart drawn with the local Chart.js. */
(function () {
  "use strict";

  var configEl = document.getElementById("editor-config");
  var form = document.getElementById("editor-form");
  var mount = document.getElementById("yasgui");
  if (!configEl || !form || !mount || typeof window.Yasgui === "undefined") {
    return; // the plain form keeps working
  }
  var Yasgui = window.Yasgui;
  var config = JSON.parse(configEl.textContent);
  var msg = config.messages;
  var endpoint = new URL(config.endpoint, window.location.href).href;
  var NUMERIC = /#(integer|decimal|double|float|int|long|short|byte|nonNegativeInteger|positiveInteger|negativeInteger|nonPositiveInteger|unsignedInt|unsignedLong|unsignedShort|unsignedByte)$/;

  function shareUrl(query) {
    var url = new URL(config.editor, window.location.href);
    url.search = new URLSearchParams({ query: query }).toString();
    return url.href;
  }

  // Share links open this page on the query (never a URL shortener or a #hash config).
  Yasgui.Tab.prototype.getShareableLink = function () {
    return shareUrl(this.getQuery());
  };

  // Results views: our entity IRIs open their local pages from the table; view names in the page's language.
  var Table = Yasgui.Yasr.plugins.table;
  var drawLink = Table.prototype.getUriLinkFromBinding;
  class LocalTable extends Table {
    constructor(yasr) {
      super(yasr);
      this.label = msg.table;
    }
    getUriLinkFromBinding(binding, prefixes) {
      var html = drawLink.call(this, binding, prefixes);
      return html.split('href="' + config.idBase).join('href="' + config.idPath)
        .split("href='" + config.idBase).join("href='" + config.idPath);
    }
  }
  Yasgui.Yasr.registerPlugin("table", LocalTable);
  class LocalResponse extends Yasgui.Yasr.plugins.response {
    constructor(yasr) {
      super(yasr);
      this.label = msg.response;
    }
  }
  Yasgui.Yasr.registerPlugin("response", LocalResponse);

  // Prefix completion from the contract's prefixes only (YASQE's own list never goes to prefix.cc, but ours
  // is the one that matters here); class and property completion (Linked Open Vocabularies) is left off.
  var prefixList = Object.keys(config.prefixes).sort().map(function (p) {
    return p + ": <" + config.prefixes[p] + ">";
  });
  Yasgui.Yasqe.forkAutocompleter("prefixes", { name: "policykgPrefixes", get: prefixList, persistenceId: null },
    false);
  Yasgui.Yasqe.defaults.autocompleters = ["variables", "policykgPrefixes"];
  Yasgui.Yasqe.defaults.prefixCcApi = null;
  Yasgui.Yasqe.defaults.createShortLink = undefined;

  // --- chart view: a bar chart of one numeric column against a label column -------------------------------
  function termText(binding, prefixes) {
    if (!binding) return "";
    var value = binding.value;
    if (binding.type === "uri") {
      for (var p in prefixes) {
        if (value.indexOf(prefixes[p]) === 0) return p + ":" + value.substring(prefixes[p].length);
      }
    }
    return value.length > 40 ? value.substring(0, 39) + "…" : value;
  }

  function numericVariables(vars, rows) {
    return vars.filter(function (v) {
      var seen = false;
      for (var i = 0; i < rows.length; i++) {
        var b = rows[i][v];
        if (!b) continue;
        if (b.type !== "literal" || !NUMERIC.test(b.datatype || "") || isNaN(Number(b.value))) return false;
        seen = true;
      }
      return seen;
    });
  }

  function labelledSelect(id, text, options, selected) {
    var wrap = document.createElement("span");
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = text;
    var select = document.createElement("select");
    select.id = id;
    options.forEach(function (v) {
      var option = document.createElement("option");
      option.value = v;
      option.textContent = "?" + v;
      option.selected = v === selected;
      select.appendChild(option);
    });
    wrap.appendChild(label);
    wrap.appendChild(select);
    return { wrap: wrap, select: select };
  }

  function ChartPlugin(yasr) {
    this.yasr = yasr;
    this.priority = 5;
    this.label = msg.chart;
    this.chart = null;
  }
  ChartPlugin.prototype.data = function () {
    var results = this.yasr.results;
    if (!results || (results.getError && results.getError())) return null;
    var vars = results.getVariables && results.getVariables();
    var rows = results.getBindings && results.getBindings();
    if (!vars || !rows || !rows.length) return null;
    return { vars: vars, rows: rows, numeric: numericVariables(vars, rows) };
  };
  ChartPlugin.prototype.canHandleResults = function () {
    var data = this.data();
    return !!(data && data.numeric.length && typeof window.Chart !== "undefined");
  };
  ChartPlugin.prototype.getIcon = function () {
    var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("aria-hidden", "true");
    [[1, 8, 3, 7], [6, 4, 3, 11], [11, 1, 3, 14]].forEach(function (r) {
      var rect = document.createElementNS("http://www.w3.org/2000/svg", "rect");
      rect.setAttribute("x", r[0]);
      rect.setAttribute("y", r[1]);
      rect.setAttribute("width", r[2]);
      rect.setAttribute("height", r[3]);
      svg.appendChild(rect);
    });
    return svg;
  };
  ChartPlugin.prototype.destroy = function () {
    if (this.chart) this.chart.destroy();
    this.chart = null;
  };
  ChartPlugin.prototype.draw = function (persistent) {
    var self = this;
    var data = this.data();
    var root = document.createElement("div");
    root.className = "editor-chart";
    this.yasr.resultsEl.appendChild(root);
    if (!data || !data.numeric.length) {
      root.textContent = msg.chart_none;
      return;
    }
    var saved = persistent || {};
    var others = data.vars.filter(function (v) { return data.numeric.indexOf(v) < 0; });
    var texts = others.filter(function (v) {
      return data.rows.every(function (r) { return !r[v] || r[v].type === "literal"; });
    });
    var labelVar = data.vars.indexOf(saved.label) >= 0 ? saved.label : (texts[0] || others[0] || data.vars[0]);
    var valueVar = data.numeric.indexOf(saved.value) >= 0 ? saved.value : data.numeric[0];
    var controls = document.createElement("div");
    controls.className = "editor-chart-controls";
    var labelSelect = labelledSelect("editor-chart-label", msg.chart_label, data.vars, labelVar);
    var valueSelect = labelledSelect("editor-chart-value", msg.chart_value, data.numeric, valueVar);
    controls.appendChild(labelSelect.wrap);
    controls.appendChild(valueSelect.wrap);
    root.appendChild(controls);
    function redraw() {
      self.yasr.storePluginConfig("chart", { label: labelSelect.select.value, value: valueSelect.select.value });
      self.destroy();
      while (root.lastChild !== controls) root.removeChild(root.lastChild);
      self.paint(root, data, labelSelect.select.value, valueSelect.select.value);
    }
    labelSelect.select.addEventListener("change", redraw);
    valueSelect.select.addEventListener("change", redraw);
    this.paint(root, data, labelVar, valueVar);
  };
  ChartPlugin.prototype.paint = function (root, data, labelVar, valueVar) {
    var prefixes = this.yasr.getPrefixes();
    var rows = data.rows.slice(0, config.chartLimit);
    var box = document.createElement("div");
    box.className = "chart";
    box.style.height = Math.max(16, Math.min(rows.length, config.chartLimit) * 1.6 + 4) + "rem";
    var canvas = document.createElement("canvas");
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", msg.chart + ": ?" + valueVar + " / ?" + labelVar);
    box.appendChild(canvas);
    root.appendChild(box);
    if (data.rows.length > config.chartLimit) {
      var note = document.createElement("p");
      note.className = "muted";
      note.textContent = msg.chart_limit;
      root.appendChild(note);
    }
    this.chart = new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: rows.map(function (r) { return termText(r[labelVar], prefixes); }),
        datasets: [{ label: "?" + valueVar, data: rows.map(function (r) { return r[valueVar] ? Number(r[valueVar].value) : null; }),
          backgroundColor: "#0b5cad" }]
      },
      options: { indexAxis: "y", responsive: true, maintainAspectRatio: false, animation: false,
        plugins: { legend: { display: false } } }
    });
  };
  Yasgui.Yasr.registerPlugin("chart", ChartPlugin);
  Yasgui.Yasr.defaults.pluginOrder = ["table", "response", "chart"];

  // --- the editor ----------------------------------------------------------------------------------------
  var textarea = document.getElementById("editor-query");
  var initial = textarea ? textarea.value : config.defaultQuery;
  form.remove();
  mount.hidden = false;

  var yasgui = new Yasgui(mount, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    copyEndpointOnNewTab: false,
    populateFromUrl: false,
    autoAddOnInit: !config.shared,
    autofocus: false,
    tabName: msg.tab_name,
    persistenceId: "policykg_editor",
    corsProxy: undefined,
    yasqe: { value: config.defaultQuery, editorHeight: "22rem", screenReaderLabel: msg.query_label },
    yasr: { prefixes: config.prefixes, defaultPlugin: "table" }
  });

  // Every tab asks this app's endpoint (tabs restored from an older visit included).
  Object.keys(yasgui._tabs).forEach(function (id) {
    var tab = yasgui.getTab(id);
    if (tab && tab.getEndpoint() !== endpoint) tab.setEndpoint(endpoint);
  });

  function openQuery(query, name) {
    var found = Object.keys(yasgui._tabs).filter(function (id) {
      return yasgui.getTab(id).getPersistedJson().yasqe.value === query;
    })[0];
    var tab;
    if (found) {
      yasgui.selectTabId(found);
      tab = yasgui.getTab(found);
    } else {
      tab = yasgui.addTab(true, { name: name || msg.tab_name, yasqe: { value: query },
        requestConfig: { endpoint: endpoint } });
    }
    tab.query().catch(function () { /* the error shows in the results */ });
    return tab;
  }

  if (config.shared) {
    openQuery(initial);
  }

  document.querySelectorAll("a.example").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      var query = new URL(link.href).searchParams.get("query");
      if (!query) return;
      event.preventDefault();
      openQuery(query, link.textContent.trim());
      mount.scrollIntoView({ block: "start" });
    });
  });

  window.policykgEditor = yasgui; // for tests and the curious
})();
