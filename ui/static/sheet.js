// Quarter sheet comforts: raw-data rows can be added and removed, the
// replacement reason shows only when a document is replaced, the figures
// of a line follow the typed value, a file over the size limit is refused
// as soon as it is chosen, and what was typed comes back after signing in
// again when the session had ended. Without this script the form offers a
// few empty rows, always asks for the reason, the figures change when the
// sheet is saved, and the server refuses the large file, keeping the rest.
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
      // An implausible value is saved only with its confirmation: offer it while typing.
      var doubt = byRole(sec, "doubt");
      if (doubt && !a.error) {
        var txt = byRole(sec, "doubt-text");
        txt.textContent = a.doubt ? "⚠ " + a.doubt : "";
        txt.hidden = !a.doubt;
        doubt.hidden = !a.doubt;
      }
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

  // A file over the limit is refused when chosen, and a form holding one is
  // not sent: the whole page would travel only to be refused.
  function tooLarge(input) {
    var f = input.files && input.files[0];
    var max = Number(input.getAttribute("data-max"));
    return f && max && f.size > max ? f : null;
  }
  function showFileError(input) {
    var err = input.closest(".field").querySelector('[data-role="file-error"]');
    var f = tooLarge(input);
    if (!err) { return; }
    if (f) {
      err.textContent = input.getAttribute("data-too-large").replace("{name}", f.name);
      err.hidden = false;
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", err.id);
    } else if (input.files && input.files.length) {
      // A new file answers the message about the one before.
      err.hidden = true;
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
    }
  }
  document.querySelectorAll('input[type=file][data-max]').forEach(function (input) {
    input.addEventListener("change", function () { showFileError(input); });
  });
  document.querySelectorAll("#sheet-form, form.rl-uploadform").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      var big = Array.prototype.filter.call(form.elements, function (el) { return el.type === "file" && tooLarge(el); });
      if (!big.length) { return; }
      e.preventDefault();
      big.forEach(showFileError);
      var d = big[0].closest("details");
      if (d) { d.open = true; }
      big[0].focus();
    });
  });

  // What the owner typed survives a session that ended meanwhile: the post
  // then leads to the login page, which returns here (and marks that it
  // does, see app.js). The typed values are kept in this tab on every
  // submit and put back once after such a return, if the sheet has not
  // changed since; any other visit of a sheet forgets them.
  var sheetForm = document.getElementById("sheet-form");
  var DRAFT = "kinerja.draft", RESUME = "kinerja.resume";
  if (!sheetForm) { return; }
  var here = location.pathname + location.search;
  var revision = sheetForm.elements.namedItem("revision");
  revision = revision ? revision.value : "";
  function typed(el) {
    return el.name && (el.tagName === "TEXTAREA" || el.tagName === "SELECT" ||
      (el.tagName === "INPUT" && ["text", "url", ""].indexOf(el.getAttribute("type") || "") >= 0));
  }
  sheetForm.addEventListener("submit", function (e) {
    if (e.defaultPrevented) { return; }
    var fields = [];
    Array.prototype.forEach.call(sheetForm.elements, function (el) {
      if (typed(el)) { fields.push([el.name, el.value]); }
    });
    try {
      sessionStorage.setItem(DRAFT, JSON.stringify({ page: here, revision: revision, fields: fields }));
    } catch (err) { /* storage off or full: the draft is only a comfort */ }
  });
  var draft = null, resume = null;
  try {
    draft = JSON.parse(sessionStorage.getItem(DRAFT) || "null");
    resume = sessionStorage.getItem(RESUME);
    sessionStorage.removeItem(DRAFT);
    sessionStorage.removeItem(RESUME);
  } catch (err) { return; }
  if (!draft || resume !== here || draft.page !== here || draft.revision !== revision) { return; }
  function named(name) {
    return Array.prototype.filter.call(sheetForm.elements, function (el) { return el.name === name && typed(el); });
  }
  var seen = {}, changed = [];
  draft.fields.forEach(function (nv) {
    var name = nv[0], value = nv[1];
    var i = seen[name] || 0;
    seen[name] = i + 1;
    var els = named(name);
    var raw = /^raw_(\d+)_/.exec(name);
    if (i >= els.length && raw && value !== "") {
      var add = document.querySelector("#line-" + raw[1] + " .rl-rawadd");
      if (add && !add.hidden) { add.click(); }
      els = named(name);
    }
    var el = els[i];
    if (!el || el.value === value) { return; }
    el.value = value;
    changed.push(el);
  });
  if (!changed.length) { return; }
  changed.forEach(function (el) {
    var d = el.closest("details");
    if (d) { d.open = true; }
    el.dispatchEvent(new Event("input", { bubbles: true }));
  });
  var note = document.querySelector('[data-role="restored"]');
  if (note) { note.hidden = false; }
})();
