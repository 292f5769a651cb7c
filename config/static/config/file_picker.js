/* The labelled file picker (config/templates/config/file_picker.html): shows the chosen file
   names next to our button. Loaded once per page however many pickers it has. */
(function () {
  if (window.fileNamesShown) { return; }
  window.fileNamesShown = true;
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.classList || !input.classList.contains("file-picker-input")) { return; }
    var names = input.parentNode.querySelector(".file-picker-names");
    if (!names) { return; }
    if (!names.dataset.empty) { names.dataset.empty = names.textContent; }
    var chosen = Array.prototype.map.call(input.files || [], function (file) { return file.name; });
    names.textContent = chosen.length ? chosen.join(", ") : names.dataset.empty;
  });
})();
