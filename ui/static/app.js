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
  // Confirm before destructive or final actions: <button data-confirm="…">.
  document.addEventListener("submit", function (e) {
    var b = e.submitter;
    var msg = (b && b.getAttribute("data-confirm")) || e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) { e.preventDefault(); }
  });
  // Print buttons.
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });
})();
