// Progressive enhancements only: every page works without JavaScript.
(function () {
  "use strict";
  // Auto-submit filter forms marked data-autosubmit when a select changes.
  document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.requestSubmit(); });
  });
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
