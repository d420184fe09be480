// Comforts for the planning pages: live sums and previews, fields shown only
// where they apply, rows added and removed. Every page works without it; the
// server checks and recomputes everything on saving.
(function () {
  "use strict";

  // parseNumber mirrors i18n.ParseNumber: 1.234,5 and 1234.5 are accepted,
  // an ambiguous 1.234 is not (NaN).
  function parseNumber(s) {
    s = String(s || "").trim().replace("\u2212", "-");
    if (s === "") { return NaN; }
    var neg = s[0] === "-";
    if (s[0] === "-" || s[0] === "+") { s = s.slice(1); }
    if (!/^[0-9.,]+$/.test(s)) { return NaN; }
    var dots = (s.match(/\./g) || []).length, commas = (s.match(/,/g) || []).length;
    var intPart = s, frac = "", group = "";
    if (dots && commas) {
      var last = Math.max(s.lastIndexOf("."), s.lastIndexOf(","));
      var dec = s[last];
      if (s.split(dec).length !== 2) { return NaN; }
      intPart = s.slice(0, last); frac = s.slice(last + 1); group = dec === "." ? "," : ".";
    } else if (dots > 1 || commas > 1) {
      group = dots ? "." : ",";
    } else if (dots || commas) {
      var i = s.search(/[.,]/);
      intPart = s.slice(0, i); frac = s.slice(i + 1);
      if (frac.length === 3 && intPart.length >= 1 && intPart.length <= 3 && intPart[0] !== "0") { return NaN; }
    }
    if (frac === "" && /[.,]$/.test(s)) { return NaN; }
    if (group) {
      var parts = intPart.split(group);
      if (parts[0].length < 1 || parts[0].length > 3 || (parts.length > 1 && parts[0][0] === "0")) { return NaN; }
      for (var p = 1; p < parts.length; p++) { if (parts[p].length !== 3) { return NaN; } }
      intPart = parts.join("");
    }
    if (intPart === "" && frac === "") { return NaN; }
    var v = parseFloat((intPart || "0") + "." + frac + "0");
    return neg ? -v : v;
  }

  var lang = document.documentElement.lang === "en" ? "en-US" : "id-ID";
  // fmt prints a number as typed; derived figures (to-date and annual
  // targets) have at most two decimals, as the server prints them.
  function fmt(x, decimals) {
    if (x === null || isNaN(x)) { return "–"; }
    return x.toLocaleString(lang, { maximumFractionDigits: decimals || 4 });
  }

  // Selects marked data-autosubmit apply the filter at once.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (s) {
    s.addEventListener("change", function () { s.form.submit(); });
  });

  // Controls that need this script are hidden in the markup; notes for
  // readers without it are hidden here.
  document.querySelectorAll(".js-only[hidden]").forEach(function (el) { el.hidden = false; });
  document.querySelectorAll(".nojs-note").forEach(function (el) { el.hidden = true; });

  // data-show-if="field=a,b;other=*" shows an element while every condition
  // holds (* = any value); data-hide-if hides it while they all hold.
  function fieldValue(form, name) {
    var els = form.querySelectorAll("[name='" + name + "']");
    for (var i = 0; i < els.length; i++) {
      var e = els[i];
      if (e.type === "radio" || e.type === "checkbox") {
        if (e.checked) { return e.value; }
      } else {
        return e.value;
      }
    }
    return "";
  }
  function holds(form, spec) {
    return spec.split(";").every(function (cond) {
      var kv = cond.split("="), v = fieldValue(form, kv[0]);
      return kv[1] === "*" ? v !== "" : kv[1].split(",").indexOf(v) >= 0;
    });
  }
  document.querySelectorAll("form").forEach(function (form) {
    var shown = form.querySelectorAll("[data-show-if], [data-hide-if]");
    if (!shown.length) { return; }
    function update() {
      shown.forEach(function (el) {
        var s = el.getAttribute("data-show-if"), h = el.getAttribute("data-hide-if");
        el.hidden = (s !== null && !holds(form, s)) || (h !== null && holds(form, h));
      });
    }
    form.addEventListener("change", update);
    update();
  });

  // Perspective weights: the sum of the present ones, live.
  document.querySelectorAll("form[data-weights]").forEach(function (form) {
    var out = form.querySelector("[data-weight-sum]");
    function update() {
      var total = 0, ok = true;
      form.querySelectorAll("tbody tr").forEach(function (tr) {
        var on = tr.querySelector("[data-present]"), w = tr.querySelector("[data-weight]");
        w.disabled = !on.checked;
        if (!on.checked) { return; }
        var x = parseNumber(w.value);
        if (isNaN(x)) { ok = false; } else { total += x; }
      });
      out.textContent = ok ? fmt(Math.round(total * 1e6) / 1e6) : "?";
      out.classList.toggle("off", !ok || Math.abs(total - 100) > 1e-6);
    }
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    update();
  });

  // Rows of the stabilize scale and the evidence list.
  document.querySelectorAll("[data-rows]").forEach(function (table) {
    var body = table.tBodies[0];
    // Readers without this script get spare empty rows; here one is enough.
    function empty(row) {
      return Array.prototype.every.call(row.querySelectorAll("input"), function (i) { return i.value.trim() === ""; });
    }
    while (body.rows.length > 1 && empty(body.rows[body.rows.length - 1]) && empty(body.rows[body.rows.length - 2])) {
      body.deleteRow(body.rows.length - 1);
    }
    var add = table.parentNode.querySelector("[data-add-row]");
    if (add) {
      add.addEventListener("click", function () {
        var row = body.rows[body.rows.length - 1].cloneNode(true);
        row.querySelectorAll("input").forEach(function (i) { i.value = ""; });
        row.querySelectorAll("select").forEach(function (s) { s.selectedIndex = 0; });
        body.appendChild(row);
        var first = row.querySelector("input, select");
        if (first) { first.focus(); }
      });
    }
    table.addEventListener("click", function (e) {
      var b = e.target.closest("[data-remove-row]");
      if (!b) { return; }
      var row = b.closest("tr");
      if (body.rows.length > 1) {
        row.remove();
      } else {
        row.querySelectorAll("input").forEach(function (i) { i.value = ""; });
      }
    });
  });

  // Objective form: only objectives in a perspective above can be supported.
  document.querySelectorAll("form[data-objective-form]").forEach(function (form) {
    var sel = form.querySelector("[data-perspective]");
    function update() {
      var opt = sel.options[sel.selectedIndex];
      var rank = opt && opt.getAttribute("data-rank");
      form.querySelectorAll("label[data-rank]").forEach(function (l) {
        l.hidden = rank !== null && rank !== undefined && Number(l.getAttribute("data-rank")) >= Number(rank);
      });
    }
    sel.addEventListener("change", update);
    update();
  });

  // Line editor: the derived annual and to-date targets while typing. The
  // server computes the figures it stores; this mirrors sum, average and last.
  document.querySelectorAll("form[data-line-form]").forEach(function (form) {
    var box = form.querySelector("[data-preview]");
    if (!box) { return; }
    function update() {
      var cons = fieldValue(form, "period_consolidation");
      var vals = [1, 2, 3, 4].map(function (q) {
        var el = form.querySelector("[data-target='" + q + "']");
        return el && el.value.trim() !== "" ? parseNumber(el.value) : null;
      });
      var bad = vals.some(function (v) { return v !== null && isNaN(v); });
      var toDate = [1, 2, 3, 4].map(function (q) {
        if (bad || ["sum", "average", "last"].indexOf(cons) < 0) { return null; }
        var got = vals.slice(0, q).filter(function (v) { return v !== null; });
        if (!got.length) { return null; }
        var sum = got.reduce(function (a, b) { return a + b; }, 0);
        if (cons === "sum") { return sum; }
        if (cons === "average") { return sum / got.length; }
        return got[got.length - 1];
      });
      toDate.forEach(function (v, i) {
        box.querySelector("[data-todate='" + (i + 1) + "']").textContent = fmt(v, 2);
      });
      box.querySelector("[data-annual] strong").textContent = fmt(toDate[3], 2);
    }
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    update();
  });

  // Bulk cascade: the running sum of the partial shares against the parent.
  document.querySelectorAll("form[data-cascade-form]").forEach(function (form) {
    var sumRule = form.getAttribute("data-sum") === "1";
    function update() {
      form.querySelectorAll("[data-sum-q]").forEach(function (cell) {
        var q = cell.getAttribute("data-sum-q");
        var total = parseFloat(cell.getAttribute("data-existing") || "0"), bad = false;
        form.querySelectorAll("[data-person]").forEach(function (tr) {
          var pick = tr.querySelector("[data-pick]"), input = tr.querySelector("[data-q='" + q + "']");
          if (!pick || !pick.checked || !input || input.value.trim() === "") { return; }
          var x = parseNumber(input.value);
          if (isNaN(x)) { bad = true; } else { total += x; }
        });
        var parent = cell.getAttribute("data-parent");
        cell.textContent = bad ? "?" : fmt(total);
        var off = parent !== "" && Math.abs(total - parseFloat(parent)) > 1e-9 * Math.max(1, Math.abs(parseFloat(parent)));
        cell.classList.toggle("mismatch", sumRule && (bad || off));
        cell.classList.toggle("match", sumRule && !bad && !off && parent !== "");
      });
    }
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    update();
  });

  // A closed branch would be left out of the printout.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".ctree details").forEach(function (d) { d.open = true; });
  });

  // Cascade tree: open or close every branch.
  document.querySelectorAll("[data-expand-all], [data-collapse-all]").forEach(function (b) {
    b.addEventListener("click", function () {
      var open = b.hasAttribute("data-expand-all");
      document.querySelectorAll(".ctree details").forEach(function (d) { d.open = open; });
    });
  });
})();
