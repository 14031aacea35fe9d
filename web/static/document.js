// Document page: from a fact to its span in the full text and back.
// Without this script the fact links are plain anchors (#span-…) and still jump to the text.
(function () {
  "use strict";
  var text = document.getElementById("fulltext");
  if (!text) { return; }
  var backLabel = text.getAttribute("data-back-label") || "Back";
  var back = null;
  var current = null;

  function pieces(spanId) {
    return text.querySelectorAll('mark.span[data-span="' + spanId + '"]');
  }

  function factElement(factId) {
    return factId ? document.getElementById(factId) : null;
  }

  // The fact a span goes back to: the one the reader came from, else the span's most specific fact.
  function factOf(spanId, preferred) {
    if (preferred && factElement(preferred)) { return preferred; }
    var first = document.getElementById(spanId) || pieces(spanId)[0];
    var facts = first ? (first.getAttribute("data-facts") || "").split(" ") : [];
    for (var i = 0; i < facts.length; i++) {
      if (facts[i] && factElement(facts[i])) { return facts[i]; }
    }
    return null;
  }

  function clearActive() {
    var active = document.querySelectorAll("mark.span.active, .fact-active");
    for (var i = 0; i < active.length; i++) {
      active[i].classList.remove("active");
      active[i].classList.remove("fact-active");
    }
  }

  function backLink(factId, spanId) {
    if (!back) {
      back = document.createElement("a");
      back.className = "span-back";
      back.addEventListener("click", function (event) {
        event.preventDefault();
        showFact(back.getAttribute("data-fact"), true);
      });
    }
    back.setAttribute("href", "#" + factId);
    back.setAttribute("data-fact", factId);
    back.textContent = "↩ " + backLabel;
    var all = pieces(spanId);
    var last = all[all.length - 1];
    last.parentNode.insertBefore(back, last.nextSibling);
    return back;
  }

  // Mark a span active, scroll it into view and put a link back to its fact right after it.
  function showSpan(spanId, factId, push) {
    var all = pieces(spanId);
    if (!all.length) { return false; }
    clearActive();
    for (var i = 0; i < all.length; i++) { all[i].classList.add("active"); }
    factId = factOf(spanId, factId);
    var fact = factElement(factId);
    if (fact) { fact.classList.add("fact-active"); }
    current = { span: spanId, fact: factId };
    if (push) { history.pushState(current, "", "#" + spanId); }
    all[0].scrollIntoView({ block: "center", behavior: "auto" });
    if (factId) { backLink(factId, spanId).focus({ preventScroll: true }); }
    return true;
  }

  // Scroll back to a fact, mark it and focus its link to the text.
  function showFact(factId, push) {
    var fact = factElement(factId);
    if (!fact) { return false; }
    clearActive();
    fact.classList.add("fact-active");
    if (push) { history.pushState({ fact: factId }, "", "#" + factId); }
    fact.scrollIntoView({ block: "center", behavior: "auto" });
    var link = fact.querySelector('a.fact[data-fact="' + factId + '"]') || fact.querySelector("a.fact");
    if (link) {
      link.focus({ preventScroll: true });
    } else {
      fact.setAttribute("tabindex", "-1");
      fact.focus({ preventScroll: true });
    }
    return true;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.fact[data-span]") : null;
    if (link) {
      if (showSpan(link.getAttribute("data-span"), link.getAttribute("data-fact"), true)) {
        event.preventDefault();
      }
      return;
    }
    var mark = event.target.closest ? event.target.closest("#fulltext mark.span") : null;
    if (mark && !event.target.closest("a")) {
      // The innermost span that leads to a fact; a click on a measure's text goes to the measure.
      for (var m = mark; m && m !== text; m = m.parentElement.closest("mark.span")) {
        var factId = factOf(m.getAttribute("data-span"), null);
        if (factId && showFact(factId, true)) { return; }
      }
    }
  });

  function fromHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (id.indexOf("span-") === 0) {
      var state = history.state;
      showSpan(id, state && state.span === id ? state.fact : null, false);
    } else if (id.indexOf("fact-") === 0) {
      showFact(id, false);
    } else {
      clearActive();
    }
  }

  window.addEventListener("popstate", fromHash);
  if (location.hash) { fromHash(); }
}());
