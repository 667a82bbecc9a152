// Progressive enhancements only: every page works without JavaScript.
(function () {
  "use strict";
  // Auto-submit filter forms marked data-autosubmit when a select changes.
  document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.requestSubmit(); });
  });
  // After a failed submit, start keyboard and screen-reader users at the form's error summary
  // instead of the top of the page, unless the page puts a field first (autofocus).
  var summary = document.querySelector(".form-errors[tabindex]");
  if (summary && !document.querySelector("[autofocus]")) {
    summary.focus();
  }
  // The photo viewer (templates/includes/_gallery.jinja): the left and right arrow keys follow
  // the previous/next links.
  var viewer = document.querySelector("[data-photo-viewer]");
  if (viewer) {
    var hint = viewer.querySelector("[data-photo-keys]");
    if (hint) { hint.hidden = false; }
    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
      var target = event.target;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) { return; }
      var link = null;
      if (event.key === "ArrowLeft") { link = viewer.querySelector("[data-photo-prev]"); }
      if (event.key === "ArrowRight") { link = viewer.querySelector("[data-photo-next]"); }
      if (link) { event.preventDefault(); window.location.assign(link.href); }
    });
  }
  // Copy-to-clipboard buttons: <button data-copy="text">.
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
        button.setAttribute("data-copied", "true");
        var done = button.getAttribute("data-copied-label");
        if (done) { button.textContent = done; }
      });
    });
  });
})();
