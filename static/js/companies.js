/* Progressive enhancements for the company directory (everything works without them). */
(function () {
  "use strict";
  // The building list follows the chosen complex: the buildings of the other complexes are
  // hidden and cannot be chosen (the server writes the same state after a submit).
  var complex = document.querySelector(".directory-search select[name=complex]");
  var building = document.querySelector(".directory-search select[name=building]");
  if (!complex || !building) { return; }
  function narrow() {
    var chosen = complex.value;
    building.querySelectorAll("optgroup[data-complex]").forEach(function (group) {
      var open = !chosen || group.getAttribute("data-complex") === chosen;
      group.hidden = !open;
      group.disabled = !open;
    });
    var selected = building.options[building.selectedIndex];
    if (selected && selected.parentElement.disabled) { building.value = ""; }
  }
  complex.addEventListener("change", narrow);
})();
