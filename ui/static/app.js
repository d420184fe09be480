// Small comforts only; every page works without this script.
(function () {
  "use strict";
  // Menu toggle on small screens.
  var t = document.querySelector(".menu-toggle");
  var nav = document.getElementById("mainnav");
  if (t && nav) {
    t.addEventListener("click", function () {
      var open = nav.classList.toggle("open");
      t.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  // Menu groups (<details class="navgroup">) open without this script. On
  // wide screens they drop down: one at a time, closed by Escape or a click
  // elsewhere. On small screens the menu is one column with every group open.
  var groups = Array.prototype.slice.call(document.querySelectorAll("#mainnav details.navgroup"));
  var narrow = window.matchMedia("(max-width: 899px)");
  function closeGroups(except) {
    groups.forEach(function (g) {
      if (g !== except) { g.open = false; }
    });
  }
  function layout() {
    groups.forEach(function (g) { g.open = narrow.matches; });
  }
  if (groups.length) {
    layout();
    narrow.addEventListener("change", layout);
    groups.forEach(function (g) {
      g.addEventListener("toggle", function () {
        if (g.open && !narrow.matches) { closeGroups(g); }
      });
    });
    document.addEventListener("click", function (e) {
      if (narrow.matches) { return; }
      var inside = e.target.closest && e.target.closest("#mainnav details.navgroup");
      closeGroups(inside);
    });
    document.addEventListener("keydown", function (e) {
      if (e.key !== "Escape" || narrow.matches) { return; }
      var open = groups.filter(function (g) { return g.open; })[0];
      if (!open) { return; }
      var focusInside = open.contains(document.activeElement);
      open.open = false;
      if (focusInside) { open.querySelector("summary").focus(); }
    });
    // Leaving a dropdown with the keyboard closes it.
    nav.addEventListener("focusout", function (e) {
      if (narrow.matches) { return; }
      var g = e.target.closest("details.navgroup");
      if (g && g.open && e.relatedTarget && !g.contains(e.relatedTarget)) { g.open = false; }
    });
  }
  // A page answering a form names its own address (a refused form shown
  // again, a result shown once): showing it instead of the form's target
  // makes reloading ask for the page instead of sending the form twice.
  var pageURL = document.body.getAttribute("data-page-url");
  if (pageURL && window.history.replaceState) {
    window.history.replaceState(null, "", pageURL + window.location.hash);
  }
  // Confirm before destructive or final actions: <button data-confirm="…">.
  document.addEventListener("submit", function (e) {
    if (e.defaultPrevented) { return; }
    var b = e.submitter;
    var msg = (b && b.getAttribute("data-confirm")) || e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) { e.preventDefault(); }
  });
  // The login page shown after a session ended marks the page it returns
  // to, whose own script may then put back what was typed there (sheet.js).
  var resume = document.querySelector("[data-resume]");
  if (resume) {
    try { sessionStorage.setItem("kinerja.resume", resume.getAttribute("data-resume")); } catch (err) { /* storage off */ }
  }
  // Print buttons.
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });
})();
