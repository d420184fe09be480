// Quarter sheet comforts: raw-data rows can be added and removed, the
// replacement reason shows only when a document is replaced, and the
// figures of a line follow the typed value. Without this script the form
// offers a few empty rows, always asks for the reason, and the figures
// change when the sheet is saved.
(function () {
  "use strict";
  var MAX_RAW = 20;

  function byRole(root, role) { return root.querySelector('[data-role="' + role + '"]'); }
  function setText(root, fig, text) {
    var el = root.querySelector('[data-fig="' + fig + '"]');
    if (el) { el.textContent = text; }
  }

  // Raw-data rows.
  document.querySelectorAll(".rl-raw").forEach(function (fs) {
    var body = fs.querySelector("tbody");
    var add = fs.querySelector(".rl-rawadd");
    if (!body || !add) { return; }
    // The spare empty rows are for use without this script; one is enough here.
    var rows = body.querySelectorAll("tr");
    var empties = Array.prototype.filter.call(rows, function (tr) {
      return Array.prototype.every.call(tr.querySelectorAll("input"), function (i) { return i.value === ""; });
    });
    empties.slice(rows.length === empties.length ? 1 : 0).forEach(function (tr) { tr.remove(); });
    function refresh() {
      var rows = body.querySelectorAll("tr");
      add.hidden = rows.length >= MAX_RAW;
      rows.forEach(function (tr) { tr.querySelector(".rl-rawdel").hidden = rows.length <= 1; });
    }
    add.addEventListener("click", function () {
      var last = body.querySelector("tr:last-child");
      var row = last.cloneNode(true);
      row.querySelectorAll("input").forEach(function (i) { i.value = ""; i.removeAttribute("aria-invalid"); });
      body.appendChild(row);
      row.querySelector("input").focus();
      refresh();
    });
    body.addEventListener("click", function (e) {
      var del = e.target.closest(".rl-rawdel");
      if (!del) { return; }
      del.closest("tr").remove();
      refresh();
      fs.dispatchEvent(new Event("input", { bubbles: true }));
    });
    refresh();
  });

  // The replacement reason belongs to a replacement only.
  document.querySelectorAll(".rl-uploadform").forEach(function (f) {
    var sel = byRole(f, "replaces");
    var reason = byRole(f, "reason");
    if (!sel || !reason) { return; }
    function show() { reason.hidden = sel.value === ""; }
    sel.addEventListener("change", show);
    show();
  });

  // The verifier may tick every line at once after reading them.
  var all = document.querySelector(".rl-checkall");
  if (all) {
    all.hidden = false;
    all.addEventListener("click", function () {
      document.querySelectorAll('input[type=checkbox][form="verify-form"]').forEach(function (c) { c.checked = true; });
    });
  }

  // Live preview of a line's figures.
  document.querySelectorAll("section.rl-line[data-preview]").forEach(function (sec) {
    var url = sec.getAttribute("data-preview");
    var value = byRole(sec, "value");
    if (!url || !value) { return; }
    var timer = null;
    var seq = 0;
    function send() {
      var p = new URLSearchParams();
      p.set("line", sec.getAttribute("data-line"));
      p.set("value", value.value);
      sec.querySelectorAll(".rl-raw tbody tr").forEach(function (tr) {
        var ins = tr.querySelectorAll("input");
        p.append("raw_name", ins[0].value);
        p.append("raw_value", ins[1].value);
        p.append("raw_unit", ins[2].value);
      });
      var mine = ++seq;
      fetch(url, { method: "POST", body: p, credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (a) { if (a && mine === seq) { show(a); } })
        .catch(function () { /* the figures update on save */ });
    }
    function show(a) {
      var err = byRole(sec, "value-error");
      err.textContent = a.error || "";
      err.hidden = !a.error;
      if (a.error) { value.setAttribute("aria-invalid", "true"); } else { value.removeAttribute("aria-invalid"); }
      var rawErr = byRole(sec, "raw-error");
      if (rawErr) { rawErr.textContent = a.raw_error || ""; rawErr.hidden = !a.raw_error; }
      if (a.error) { return; }
      ["own", "to_date"].forEach(function (k) {
        var f = a[k];
        var pre = k === "own" ? "own-" : "todate-";
        setText(sec, pre + "target", f.target);
        setText(sec, pre + "realisation", f.realisation);
        setText(sec, pre + "achievement", f.achievement);
      });
      var st = sec.querySelector('[data-fig="status"]');
      if (st) {
        var pill = document.createElement("span");
        pill.className = "pill" + (a.to_date.status ? " pill-" + a.to_date.status : "");
        pill.textContent = a.to_date.status_label || st.getAttribute("data-none") || "–";
        st.replaceChildren(pill);
      }
      var ol = sec.querySelector('[data-fig="explain"]');
      if (ol) {
        ol.replaceChildren();
        (a.explain || []).forEach(function (s) {
          var li = document.createElement("li");
          if (s.label) {
            var lab = document.createElement("span");
            lab.className = "rl-steplabel";
            lab.textContent = s.label;
            li.appendChild(lab);
            li.appendChild(document.createTextNode(" "));
          }
          li.appendChild(document.createTextNode(s.text));
          ol.appendChild(li);
        });
      }
      var check = byRole(sec, "rawcheck");
      if (check) {
        check.hidden = !a.raw_computed;
        setText(sec, "raw-computed", a.raw_computed || "");
        byRole(sec, "mismatch").hidden = !a.raw_mismatch;
      }
    }
    sec.addEventListener("input", function (e) {
      if (!e.target.matches || !(e.target === value || e.target.closest(".rl-raw"))) { return; }
      clearTimeout(timer);
      timer = setTimeout(send, 300);
    });
  });
})();
